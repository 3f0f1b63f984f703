namespace ArabicNewsArchive.Text;

/// <summary>Splits text into <see cref="Token"/>s on anything that is not a letter, digit or in-word mark.</summary>
public static class ArabicTokenizer
{
    /// <summary>Tokenises <paramref name="text"/>, normalising and stemming each word.</summary>
    public static List<Token> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            if (!ArabicNormalizer.IsWordChar(text[i]) || ArabicNormalizer.IsStripped(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && ArabicNormalizer.IsWordChar(text[i]))
            {
                i++;
            }

            var surface = text[start..i];
            var normalized = ArabicNormalizer.Normalize(surface);
            if (normalized.Length == 0)
            {
                continue;
            }

            tokens.Add(new Token(surface, normalized, ArabicStemmer.Stem(normalized), start, i, tokens.Count));
        }

        return tokens;
    }
}
