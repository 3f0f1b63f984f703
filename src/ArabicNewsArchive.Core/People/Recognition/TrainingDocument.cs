using System.Text;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.People.Recognition;

/// <summary>
/// A text with gold BIO labels on its <see cref="ArabicTokenizer"/> tokens, as the tagger sees real articles.
/// </summary>
internal sealed class TrainingDocument
{
    public TrainingDocument(string text, IReadOnlyList<Token> tokens, int[] gold)
    {
        if (gold.Length != tokens.Count)
        {
            throw new ArgumentException("One gold label per token.", nameof(gold));
        }

        Text = text;
        Tokens = tokens;
        Gold = gold;
    }

    public string Text { get; }

    public IReadOnlyList<Token> Tokens { get; }

    public int[] Gold { get; }

    /// <summary>
    /// Joins corpus tokens (ANERcorp: one token and its BIO tag) with spaces, tokenises the text with
    /// <see cref="ArabicTokenizer"/>, and carries each tag onto the tokens by character offsets: punctuation tokens
    /// vanish into the gaps, a corpus token split in two gives B then I. An I that the cutting into segments leaves
    /// first (or that follows another kind) becomes a B.
    /// </summary>
    public static TrainingDocument FromTagged(IReadOnlyList<(string Token, string Tag)> tagged)
    {
        var text = new StringBuilder();
        var owner = new List<int>();
        for (var k = 0; k < tagged.Count; k++)
        {
            if (k > 0)
            {
                text.Append(' ');
                owner.Add(-1);
            }

            text.Append(tagged[k].Token);
            for (var c = 0; c < tagged[k].Token.Length; c++)
            {
                owner.Add(k);
            }
        }

        var s = text.ToString();
        var tokens = ArabicTokenizer.Tokenize(s);
        var gold = new int[tokens.Count];
        var previousOwner = -1;
        for (var i = 0; i < tokens.Count; i++)
        {
            var k = owner[tokens[i].Start];
            var tag = TagSet.Parse(tagged[k].Tag);
            gold[i] = TagSet.IsBegin(tag) && k == previousOwner ? tag + 1 : tag;
            previousOwner = k;
        }

        var doc = new TrainingDocument(s, tokens, gold);
        doc.RepairLabels();
        return doc;
    }

    /// <summary>Makes the gold labels a sequence the decoder can produce, segment by segment.</summary>
    public void RepairLabels()
    {
        var gaps = TaggerFeatures.Gaps(Text, Tokens);
        foreach (var (start, length) in TaggerFeatures.Segments(gaps, Tokens.Count))
        {
            for (var i = start; i < start + length; i++)
            {
                if (!TagSet.Allowed(i == start ? -1 : Gold[i - 1], Gold[i]))
                {
                    Gold[i]--;
                }
            }
        }
    }
}
