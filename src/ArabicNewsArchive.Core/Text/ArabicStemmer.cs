namespace ArabicNewsArchive.Text;

/// <summary>
/// A light stemmer in the manner of Larkey's light10, as Lucene's ArabicStemmer implements it: strips one attached
/// prefix (ال and و/ب/ك/ف + ال, لل, و) and then every light suffix in turn, keeping at least two letters.
/// Adds the combined prefixes ولل، وبال، وكال، فبال (Lucene strips only their و). Input should be normalised.
/// </summary>
public static class ArabicStemmer
{
    // Lucene's order, with the combinations inserted before the prefix they begin with.
    private static readonly string[] s_prefixes = ["ال", "وبال", "وكال", "فبال", "وال", "بال", "كال", "فال", "ولل", "لل", "و"];

    // ة and ية are kept (Lucene has them) so un-normalised input stems the same; normalised text has ه instead.
    private static readonly string[] s_suffixes = ["ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي"];

    /// <summary>
    /// A normalised word with its attached particle removed (ال، و، بال، لل…) and nothing else: the word's exact
    /// form, which search indexes beside the stem so that سلمان can be told from السلم.
    /// </summary>
    public static string StripPrefix(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var s = StripPrefix(word.AsSpan());
        return s.Length == word.Length ? word : s.ToString();
    }

    /// <summary>As <see cref="StripPrefix(string)"/>, as a slice of <paramref name="word"/>.</summary>
    internal static ReadOnlySpan<char> StripPrefix(ReadOnlySpan<char> word)
    {
        foreach (var p in s_prefixes)
        {
            // A one-letter prefix needs a word of four letters or more; any prefix must leave two letters.
            // The first letter is compared alone first: the stemmer runs on every token and most prefixes differ there.
            if (word.Length > p.Length + 1
                && word[0] == p[0]
                && (p.Length > 1 || word.Length >= 4)
                && word.StartsWith(p, StringComparison.Ordinal))
            {
                return word[p.Length..];
            }
        }

        return word;
    }

    /// <summary>Stems a normalised word.</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var s = Stem(word.AsSpan());
        return s.Length == word.Length ? word : s.ToString();
    }

    /// <summary>As <see cref="Stem(string)"/>: the stem is a slice of <paramref name="word"/>, so nothing is allocated.</summary>
    internal static ReadOnlySpan<char> Stem(ReadOnlySpan<char> word)
    {
        var s = StripPrefix(word);
        foreach (var suffix in s_suffixes)
        {
            if (s.Length >= suffix.Length + 2 && s[^1] == suffix[^1] && s.EndsWith(suffix, StringComparison.Ordinal))
            {
                s = s[..^suffix.Length];
            }
        }

        return s;
    }
}
