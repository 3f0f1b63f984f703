using ArabicNewsArchive.Text;
using ArabicNewsArchive.Topics;

namespace ArabicNewsArchive.Tests.Topics;

public class IptcModelTests
{
    // A made-up model: two topics, words with the article (الانتخابات) and without, one word weighing for both.
    private static readonly IptcModel s_model = IptcModel.Parse(
    [
        "politics\t__bias__\t-2.5",
        "politics\t__threshold__\t0.5",
        "politics\tانتخابات\t1.75",
        "politics\tبرلمان\t1.25",
        "politics\tحكومه\t0.5",
        "economy\t__bias__\t-2",
        "economy\t__threshold__\t0.4",
        "economy\tحكومه\t0.25",
        "economy\tموازنه\t2.125",
        "economy\tبرلمان\t-0.5",
    ]);

    [Fact]
    public void Classify_ScoresAsProbabilitiesOfTheTextsWords()
    {
        // Words the model does not know stand between and before the ones it knows, some repeated.
        const string Text = "قال النائب إن البرلمان أقر الموازنة، وإن الحكومة تعد للانتخابات. وعاد البرلمان إلى الانتخابات والموازنة.";
        var tokens = ArabicTokenizer.Tokenize(Text);

        var facts = s_model.Classify(Text, tokens);
        var probabilities = s_model.Probabilities(IptcModel.Features(tokens));

        Assert.Equal(["politics", "economy"], facts.Select(f => f.TopicSlug));
        Assert.Equal(Math.Round(probabilities[0], 3), facts[0].Score);
        Assert.Equal(Math.Round(probabilities[1], 3), facts[1].Score);
    }

    [Fact]
    public void Classify_EvidenceIsTheHeaviestWordsForTheTopicWithTheirFirstOccurrences()
    {
        const string Text = "البرلمان يناقش الانتخابات، والبرلمان يؤجل الانتخابات، ثم البرلمان والحكومة والموازنة.";
        var tokens = ArabicTokenizer.Tokenize(Text);

        var politics = Assert.Single(s_model.Classify(Text, tokens), f => f.TopicSlug == "politics");

        // Heaviest first in weight, each word at most twice, in text order; a word weighing for economy only is not evidence.
        Assert.Equal(["البرلمان", "الانتخابات", "والبرلمان", "الانتخابات", "والحكومة"], politics.Evidence.Select(e => e.Text));
        Assert.Equal([1.25, 1.75, 1.25, 1.75, 0.5], politics.Evidence.Select(e => e.Weight));
        Assert.All(politics.Evidence, e => Assert.Equal(e.Text, Text[e.Start..e.End]));
    }
}
