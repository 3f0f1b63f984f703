namespace ArabicNewsArchive.Topics;

/// <summary>
/// Whole words for topics: a normalised word without its attached article and particles, nothing else removed.
/// Unlike the light stem, no suffix is cut, so تدريبات stays تدريبات (not تدريب), غربة (غربه) and الغربية (غربيه)
/// stay apart from الغرب (غرب), and الاجتماعية is not اجتماع.
/// </summary>
public static class WordKey
{
    // Article combinations first (longest first); "لل" is ل + ال with the alef elided.
    private static readonly string[] s_articles = ["وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال"];

    /// <summary>The word without an attached article ("والغرب" → "غرب", "للمنتخب" → "منتخب"); other words as they are.</summary>
    public static string Of(string normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        foreach (var p in s_articles)
        {
            if (normalized.Length >= p.Length + 2 && normalized.StartsWith(p, StringComparison.Ordinal))
            {
                return normalized[p.Length..];
            }
        }

        return normalized;
    }

    /// <summary>As <see cref="Of(string)"/>, without allocating: a slice of <paramref name="normalized"/>.</summary>
    public static ReadOnlySpan<char> Of(ReadOnlySpan<char> normalized)
    {
        foreach (var p in s_articles)
        {
            if (normalized.Length >= p.Length + 2 && normalized.StartsWith(p, StringComparison.Ordinal))
            {
                return normalized[p.Length..];
            }
        }

        return normalized;
    }

    /// <summary>
    /// The readings of a word that a phrase may be written as: <see cref="Of(string)"/>, then without a leading و/ف and
    /// one of ب/ل/ك ("وزيارة" → "زيارة", "بزيارة" → "زيارة"), each leaving three letters at least. The first
    /// reading is the word itself, so "وزارة" still reads as وزارة.
    /// </summary>
    public static IEnumerable<string> Readings(string normalized)
    {
        var key = Of(normalized);
        yield return key;
        if (key.Length != normalized.Length)
        {
            yield break;
        }

        var rest = normalized;
        if (rest.Length >= 4 && rest[0] is 'و' or 'ف')
        {
            rest = rest[1..];
            yield return rest;
        }

        if (rest.Length >= 4 && rest[0] is 'ب' or 'ل' or 'ك')
        {
            yield return rest[1..];
        }
    }
}

/// <summary>A phrase found in a token list: tokens [<see cref="First"/>, <see cref="First"/> + <see cref="Length"/>).</summary>
public readonly record struct WordMatch<T>(int First, int Length, T Value);

/// <summary>
/// Phrases matched as whole words (<see cref="WordKey"/>): each word of the phrase must be a word of the text, with
/// only attached particles and article allowed in front. Keyed by the first word: one lookup per reading of a token.
/// </summary>
public sealed class WordPhraseIndex<T>
{
    private readonly Dictionary<string, List<(string[] Words, T Value)>> _byFirst = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    /// <summary>Adds a phrase written in plain Arabic; returns false when it has no word to match.</summary>
    public bool Add(string phrase, T value)
    {
        var words = Text.ArabicTokenizer.Tokenize(phrase).Select(t => WordKey.Of(t.Normalized)).ToArray();
        if (words.Length == 0)
        {
            return false;
        }

        if (!_byFirst.TryGetValue(words[0], out var list))
        {
            _byFirst[words[0]] = list = [];
        }

        list.Add((words, value));
        list.Sort((a, b) => b.Words.Length.CompareTo(a.Words.Length));
        Count++;
        return true;
    }

    /// <summary>Every occurrence of every phrase, in token order, longest first at a position.</summary>
    public List<WordMatch<T>> Match(IReadOnlyList<Text.Token> tokens) => Match(tokens, null);

    /// <summary>As <see cref="Match(IReadOnlyList{Text.Token})"/>, marking on each token's <paramref name="words"/> entry a word no phrase starts with.</summary>
    internal List<WordMatch<T>> Match(IReadOnlyList<Text.Token> tokens, IReadOnlyList<Text.CachedWord?>? words)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var matches = new List<WordMatch<T>>();
        // Span lookups over the readings (WordKey.Readings, in its order): no substring per token.
        var lookup = _byFirst.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var entry = words?[i];
            if (entry is not null && ReferenceEquals(entry.PhraseMemo, this))
            {
                continue;
            }

            var normalized = tokens[i].Normalized.AsSpan();
            var key = WordKey.Of(normalized);
            if (!lookup.TryGetValue(key, out var candidates) && key.Length == normalized.Length)
            {
                var rest = normalized;
                if (rest.Length >= 4 && rest[0] is 'و' or 'ف')
                {
                    rest = rest[1..];
                    lookup.TryGetValue(rest, out candidates);
                }

                if (candidates is null && rest.Length >= 4 && rest[0] is 'ب' or 'ل' or 'ك')
                {
                    lookup.TryGetValue(rest[1..], out candidates);
                }
            }

            if (candidates is null)
            {
                // The candidates depend on the word alone.
                entry?.PhraseMemo = this;
                continue;
            }

            foreach (var (phrase, value) in candidates)
            {
                if (i + phrase.Length > tokens.Count)
                {
                    continue;
                }

                var ok = true;
                for (var k = 1; k < phrase.Length && ok; k++)
                {
                    // Later words of a phrase take the article ("مجلس الأمن") but no particle.
                    ok = WordKey.Of(tokens[i + k].Normalized.AsSpan()).SequenceEqual(phrase[k]);
                }

                if (ok)
                {
                    matches.Add(new WordMatch<T>(i, phrase.Length, value));
                }
            }
        }

        return matches;
    }
}
