using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.Topics;

/// <summary>A phrase found in a token list: tokens [<see cref="First"/>, <see cref="First"/> + <see cref="Length"/>).</summary>
public readonly record struct PhraseMatch<T>(int First, int Length, T Value);

/// <summary>
/// Phrases compiled to stem sequences and keyed by their first stem, so matching a text costs one dictionary
/// lookup per token plus a short comparison per candidate phrase: linear in the text, whatever the number of
/// phrases. Phrases go through the same analyser as the text, so spelling, harakat and clitics do not matter.
/// </summary>
public sealed class StemPhraseIndex<T>
{
    private readonly Dictionary<string, List<(string[] Stems, T Value)>> _byFirstStem = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    /// <summary>Adds a phrase written in plain Arabic; returns false when it has no word to match.</summary>
    public bool Add(string phrase, T value)
    {
        var stems = ArabicTokenizer.Tokenize(phrase).Select(t => t.Stem).ToArray();
        if (stems.Length == 0)
        {
            return false;
        }

        if (!_byFirstStem.TryGetValue(stems[0], out var list))
        {
            list = [];
            _byFirstStem[stems[0]] = list;
        }

        list.Add((stems, value));
        // Longest first, so callers that keep the first match at a position keep the most specific phrase.
        list.Sort((a, b) => b.Stems.Length.CompareTo(a.Stems.Length));
        Count++;
        return true;
    }

    /// <summary>Every occurrence of every phrase (overlaps included), in token order, longest first at a position.</summary>
    public List<PhraseMatch<T>> Match(IReadOnlyList<Token> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var matches = new List<PhraseMatch<T>>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!_byFirstStem.TryGetValue(tokens[i].Stem, out var candidates))
            {
                continue;
            }

            foreach (var (stems, value) in candidates)
            {
                if (i + stems.Length > tokens.Count)
                {
                    continue;
                }

                var ok = true;
                for (var k = 1; k < stems.Length && ok; k++)
                {
                    ok = string.Equals(tokens[i + k].Stem, stems[k], StringComparison.Ordinal);
                }

                if (ok)
                {
                    matches.Add(new PhraseMatch<T>(i, stems.Length, value));
                }
            }
        }

        return matches;
    }
}
