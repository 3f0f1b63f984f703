using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.Topics;

/// <summary>
/// Assigns topics by the weighted trigger phrases of a <see cref="TopicCatalog"/>. One pass over the tokens with a
/// dictionary lookup per token: cost grows with the article, not with the number of topics or phrases.
/// </summary>
public sealed class TopicClassifier(TopicCatalog catalog)
{
    /// <summary>A phrase adds its weight at most this many times: repetition is not more evidence.</summary>
    public const int MaxCountPerPhrase = 2;

    public TopicCatalog Catalog { get; } = catalog;

    /// <summary>Classifies <paramref name="text"/>; evidence offsets are into it.</summary>
    public IReadOnlyList<TopicFact> Classify(string text) => Classify(text, ArabicTokenizer.Tokenize(text));

    /// <summary>As <see cref="Classify(string)"/> over tokens already made from <paramref name="text"/>.</summary>
    public IReadOnlyList<TopicFact> Classify(string text, IReadOnlyList<Token> tokens) => Classify(text, tokens, null);

    /// <summary>As <see cref="Classify(string, IReadOnlyList{Token})"/>, with the tokens' cache entries (see <see cref="WordPhraseIndex{T}.Match(IReadOnlyList{Token})"/>).</summary>
    internal IReadOnlyList<TopicFact> Classify(string text, IReadOnlyList<Token> tokens, IReadOnlyList<CachedWord?>? words)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokens);
        var rules = Catalog.Rules;
        var evidence = new List<EvidenceSpan>[rules.Count];
        var scores = new double[rules.Count];
        var counts = new Dictionary<(int, int), int>();
        // Per topic, the last token a match covered: a shorter phrase inside a longer one of the same topic
        // ("الأمن" inside "مجلس الأمن") is the same evidence, not more.
        var coveredTo = Enumerable.Repeat(-1, rules.Count).ToArray();
        foreach (var m in Catalog.Index.Match(tokens, words))
        {
            var (rule, trigger) = m.Value;
            var last = m.First + m.Length - 1;
            if (last <= coveredTo[rule])
            {
                continue;
            }

            coveredTo[rule] = last;
            var weight = rules[rule].Triggers[trigger].Weight;
            counts.TryGetValue((rule, trigger), out var seen);
            counts[(rule, trigger)] = seen + 1;
            if (seen < MaxCountPerPhrase)
            {
                scores[rule] += weight;
            }

            var start = tokens[m.First].Start;
            var end = tokens[last].End;
            (evidence[rule] ??= []).Add(new EvidenceSpan(start, end, text[start..end], weight));
        }

        var facts = new List<TopicFact>();
        for (var r = 0; r < rules.Count; r++)
        {
            if (evidence[r] is { } spans && scores[r] >= rules[r].Threshold)
            {
                facts.Add(new TopicFact(rules[r].Slug, scores[r], spans));
            }
        }

        facts.Sort((a, b) => b.Score.CompareTo(a.Score));
        return facts;
    }
}
