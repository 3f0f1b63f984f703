using System.Globalization;
using System.Text;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.Search;

/// <summary>
/// The bridge between the analyser (Text/) and the FTS5 index: the index and the query both go through here, so a
/// word is indexed and looked up as exactly the same term.
/// </summary>
public static class SearchTerms
{
    /// <summary>
    /// The indexed term of a token: its stem, reduced to letters and digits, Latin letters without their accents
    /// ("Café" → "cafe"). Null when nothing is left.
    /// </summary>
    /// <remarks>
    /// The index's tokenizer is FTS5's <c>ascii</c> (<see cref="SearchIndexSchema.TableSql"/>): it splits on ASCII
    /// characters that are not letters or digits and takes every other byte as part of a word, so each
    /// space-separated term written here is exactly one token, and nothing is folded after this point. Accents and
    /// case are folded here, at index and query time alike (unicode61's <c>remove_diacritics 2</c> did the accents
    /// before, at ~16% of the ingestion writer's time).
    /// </remarks>
    public static string? Term(Token token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return LettersAndDigits(token.Stem);
    }

    /// <summary>
    /// The indexed exact form of a token: the normalised word (hamza, ى/ي, ة/ه, harakat folded) with its attached
    /// particle split off but no suffix removed, letters and digits only. Null when nothing is left.
    /// </summary>
    public static string? ExactTerm(Token token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return LettersAndDigits(ArabicStemmer.StripPrefix(token.Normalized));
    }

    /// <summary>The term of a prefix query word: normalised, leading particles removed but no suffix stripping.</summary>
    public static string? PrefixTerm(string word)
    {
        var tokens = ArabicTokenizer.Tokenize(word);
        if (tokens.Count == 0)
        {
            return null;
        }

        var token = tokens[^1];
        // The index holds stems, which lose their leading particles (الصين → صين); a prefix keeps its end as typed
        // because suffix stripping of a fragment would be meaningless.
        var at = token.Stem.Length > 0 ? token.Normalized.IndexOf(token.Stem, StringComparison.Ordinal) : -1;
        return LettersAndDigits(at > 0 ? token.Normalized[at..] : token.Normalized);
    }

    /// <summary>The synthetic token that stands for one mention of a person in the persons column.</summary>
    public static string PersonToken(string slug)
    {
        ArgumentNullException.ThrowIfNull(slug);
        var sb = new StringBuilder("person_", slug.Length + 7);
        foreach (var c in slug.ToLowerInvariant())
        {
            sb.Append(char.IsLetterOrDigit(c) ? c : '_');
        }

        return sb.ToString();
    }

    /// <summary>The analysed terms of a text, space-separated, as the FTS5 column stores them.</summary>
    /// <remarks>
    /// The same terms as <see cref="Term(Token)"/> of each token of <see cref="ArabicTokenizer.Tokenize(string)"/>, but
    /// made on spans: ingestion indexes every article, and the tokens' strings and objects were most of the cost.
    /// </remarks>
    public static void AppendTerms(StringBuilder sb, string text, int start, int end) => AppendTerms(sb, null, text, start, end);

    /// <summary>
    /// As <see cref="AppendTerms(StringBuilder, string, int, int)"/>, and each word's <see cref="ExactTerm"/> to
    /// <paramref name="exact"/> when given: one exact form per stem, so the two columns' positions stay aligned
    /// (a word whose stem has no letters left is skipped in both).
    /// </summary>
    public static void AppendTerms(StringBuilder sb, StringBuilder? exact, string text, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(text);
        var span = text.AsSpan(start, end - start);
        Span<char> buffer = stackalloc char[128];
        var i = 0;
        while (ArabicTokenizer.NextWord(span, ref i, out var wordStart))
        {
            var word = span[wordStart..i];
            var n = word.Length <= buffer.Length ? ArabicNormalizer.Normalize(word, buffer) : -1;
            // Long words and those that need NFKC take the string path.
            var normalized = n >= 0 ? buffer[..n] : ArabicNormalizer.Normalize(word).AsSpan();
            if (normalized.IsEmpty)
            {
                continue;
            }

            AppendWord(sb, exact, ArabicStemmer.Stem(normalized), normalized);
        }
    }

    /// <summary>
    /// As <see cref="AppendTerms(StringBuilder, StringBuilder?, string, int, int)"/> for the words the tokens
    /// <paramref name="from"/> to <paramref name="to"/> (exclusive) of <see cref="ArabicTokenizer.Tokenize(string)"/>
    /// are: the same terms from the tokens' normalised forms and stems, which the analysis has already made.
    /// </summary>
    internal static void AppendTokenTerms(StringBuilder sb, StringBuilder exact, IReadOnlyList<Token> tokens, int from, int to)
    {
        for (var k = from; k < to; k++)
        {
            AppendWord(sb, exact, tokens[k].Stem, tokens[k].Normalized);
        }
    }

    // One word's stem term, and its exact form when the exact column is written.
    private static void AppendWord(StringBuilder sb, StringBuilder? exact, ReadOnlySpan<char> stem, ReadOnlySpan<char> normalized)
    {
        if (AppendLettersAndDigits(sb, stem) && exact is not null
            && !AppendLettersAndDigits(exact, ArabicStemmer.StripPrefix(normalized)))
        {
            // Cannot happen (the stem is a slice of the exact form), but a missing token would shift every
            // later position of the exact column against the stem column.
            exact.Append(exact.Length > 0 ? " " : "").Append('0');
        }
    }

    /// <summary>As <see cref="LettersAndDigits"/>, appended after a space (none first); nothing (false) when nothing is left.</summary>
    private static bool AppendLettersAndDigits(StringBuilder sb, ReadOnlySpan<char> s)
    {
        var kept = 0;
        var clean = true;
        foreach (var c in s)
        {
            if (char.IsLetterOrDigit(c))
            {
                kept++;
                clean &= !IsFolded(c);
            }
            else
            {
                clean = false;
            }
        }

        if (kept == 0)
        {
            return false;
        }

        if (sb.Length > 0)
        {
            sb.Append(' ');
        }

        if (clean)
        {
            sb.Append(s);
            return true;
        }

        foreach (var c in s)
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(IsFolded(c) ? s_latinFold[c < '\u1E00' ? c - '\u00C0' : c - '\u1E00' + LatinSupplementCount] : c);
            }
        }

        return true;
    }

    /// <summary>
    /// Normalised text with what <see cref="Term"/> drops dropped too (all but letters and digits, spaces included)
    /// and Latin accents folded: the term of any word in it is a substring of the result.
    /// </summary>
    internal static string Folded(string normalized) => LettersAndDigits(normalized) ?? "";

    private static string? LettersAndDigits(string s)
    {
        var clean = true;
        foreach (var c in s)
        {
            if (!char.IsLetterOrDigit(c) || IsFolded(c))
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return s.Length == 0 ? null : s;
        }

        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(IsFolded(c) ? s_latinFold[c < '\u1E00' ? c - '\u00C0' : c - '\u1E00' + LatinSupplementCount] : c);
            }
        }

        return sb.Length == 0 ? null : sb.ToString();
    }

    // Latin-1 Supplement to Latin Extended-B, and Latin Extended Additional: the letters unicode61's
    // remove_diacritics folded. Arabic (U+0600 on) is never touched.
    private const int LatinSupplementCount = 0x0250 - 0x00C0;

    private static bool IsFolded(char c) => c is (>= '\u00C0' and < '\u0250') or (>= '\u1E00' and < '\u1F00');

    /// <summary>Each letter of those blocks lower-cased and without its combining marks (NFD), when one letter is left.</summary>
    private static readonly char[] s_latinFold = BuildLatinFold();

    private static char[] BuildLatinFold()
    {
        var table = new char[LatinSupplementCount + 0x100];
        for (var i = 0; i < table.Length; i++)
        {
            var c = (char)(i < LatinSupplementCount ? 0x00C0 + i : 0x1E00 + i - LatinSupplementCount);
            var bare = c.ToString().Normalize(NormalizationForm.FormD)
                .Where(d => CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark)
                .ToArray();
            table[i] = char.ToLowerInvariant(bare.Length == 1 ? bare[0] : c);
        }

        return table;
    }
}
