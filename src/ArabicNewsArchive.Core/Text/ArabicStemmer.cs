namespace ArabicNewsArchive.Text;

/// <summary>
/// A light stemmer in the manner of Larkey's light10 (as Lucene's ArabicStemmer): strips one attached prefix
/// (و، ف، ب، ل، ك with ال) and the light suffixes, keeping at least two letters. Input must be normalised.
/// </summary>
public static class ArabicStemmer
{
    private static readonly string[] s_prefixes = ["وال", "بال", "كال", "فال", "لل", "ال", "و"];
    private static readonly string[] s_suffixes = ["ها", "ان", "ات", "ون", "ين", "يه", "يه", "ه", "ي"];

    /// <summary>Stems a normalised word.</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var s = word;
        foreach (var p in s_prefixes)
        {
            if (s.StartsWith(p, StringComparison.Ordinal) && s.Length - p.Length >= (p == "و" ? 3 : 2))
            {
                s = s[p.Length..];
                break;
            }
        }

        foreach (var suffix in s_suffixes)
        {
            if (s.EndsWith(suffix, StringComparison.Ordinal) && s.Length - suffix.Length >= 2)
            {
                s = s[..^suffix.Length];
            }
        }

        return s;
    }
}
