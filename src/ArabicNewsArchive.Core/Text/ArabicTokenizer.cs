namespace ArabicNewsArchive.Text;

/// <summary>
/// Splits text into <see cref="Token"/>s on anything that is not a letter, digit or in-word mark. A token also ends
/// where the script changes between Arabic letters and digits or Latin letters ("الـ4" → "ال", "4"), while Latin
/// letters and digits stay together ("G20").
/// </summary>
public static class ArabicTokenizer
{
    private const int None = 0;
    private const int Arabic = 1;
    private const int Digit = 2;
    private const int OtherLetter = 3;
    private const int Mark = 4;

    /// <summary>Tokenises <paramref name="text"/>, normalising and stemming each word.</summary>
    public static List<Token> Tokenize(string text) => Tokenize(text, null);

    /// <summary>As <see cref="Tokenize(string)"/>, taking each word's strings from <paramref name="words"/> when it has them.</summary>
    internal static List<Token> Tokenize(string text, WordCache? words) => Tokenize(text, words, null);

    /// <summary>
    /// As <see cref="Tokenize(string, WordCache?)"/>, also writing each token's <see cref="CachedWord"/> to
    /// <paramref name="entries"/>, so the analyses can keep their memos on it: null for a word the full cache does
    /// not keep (a rare word: a memo of its own would cost more than it saves).
    /// </summary>
    internal static List<Token> Tokenize(string text, WordCache? words, List<CachedWord?>? entries) => Tokenize(text, words, entries, 0);

    /// <summary>
    /// As <see cref="Tokenize(string)"/> for a slice of a longer text that starts at <paramref name="offset"/> in it:
    /// the tokens' offsets are the longer text's (the snippets tokenise paragraphs, and moving each token after
    /// the fact was a second object per word).
    /// </summary>
    internal static List<Token> TokenizeAt(string text, int offset) => Tokenize(text, null, null, offset);

    private static List<Token> Tokenize(string text, WordCache? words, List<CachedWord?>? entries, int offset)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<Token>(text.Length / 6);
        var i = 0;
        while (NextWord(text, ref i, out var start))
        {
            string surface, normalized, stem;
            var word = words?.Find(text.AsSpan(start, i - start));
            if (word is not null)
            {
                (surface, normalized, stem) = (word.Surface, word.Normalized, word.Stem);
            }
            else
            {
                surface = text[start..i];
                normalized = ArabicNormalizer.Normalize(surface);
                stem = ArabicStemmer.Stem(normalized);
                if (words?.ShouldKeep(text.AsSpan(start, i - start)) == true)
                {
                    word = new CachedWord(surface, normalized, stem);
                    words.Add(word);
                }
            }

            if (normalized.Length == 0)
            {
                continue;
            }

            tokens.Add(new Token(surface, normalized, stem, start + offset, i + offset, tokens.Count));
            entries?.Add(word);
        }

        return tokens;
    }

    /// <summary>
    /// The next word of <paramref name="text"/> from <paramref name="i"/> on, as written: its first character at
    /// <paramref name="start"/>, <paramref name="i"/> moved past its last. False when no word is left. The one
    /// place words are split, for <see cref="Tokenize(string)"/> and for callers that need no <see cref="Token"/> objects.
    /// </summary>
    internal static bool NextWord(ReadOnlySpan<char> text, ref int i, out int start)
    {
        while (i < text.Length)
        {
            var kind = Classify(text[i]);
            if (kind is None or Mark)
            {
                i++;
                continue;
            }

            start = i;
            var group = Group(kind);
            i++;
            while (i < text.Length)
            {
                var k = Classify(text[i]);
                if (k == None || (k != Mark && Group(k) != group))
                {
                    break;
                }

                i++;
            }

            return true;
        }

        start = i;
        return false;
    }

    // Latin letters and digits form one group, Arabic letters another, Arabic script digits join the Latin group.
    private static int Group(int kind) => kind == Arabic ? Arabic : OtherLetter;

    private static int Classify(char c)
    {
        if (c < '\u0080')
        {
            return char.IsAsciiLetterOrDigit(c) ? (char.IsAsciiDigit(c) ? Digit : OtherLetter) : None;
        }

        if (ArabicNormalizer.IsStripped(c))
        {
            return Mark;
        }

        if (ArabicNormalizer.IsArabicLetter(c))
        {
            return Arabic;
        }

        if (char.IsDigit(c))
        {
            return Digit;
        }

        return ArabicNormalizer.IsWordChar(c) ? (char.IsLetter(c) ? OtherLetter : Mark) : None;
    }
}
