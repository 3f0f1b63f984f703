using System.Globalization;
using System.Text;

namespace ArabicNewsArchive.Text;

/// <summary>
/// Folds the spelling differences Arabic writers and keyboards make, so that equal words compare equal.
/// The same function runs at index and query time. Differences from Lucene's ArabicNormalizer are deliberate and
/// listed in docs/arabic-text.md.
/// </summary>
public static class ArabicNormalizer
{
    /// <summary>
    /// NFKC, then: strip harakat, Quranic marks, superscript alef, tatweel and zero-width joiners; fold أ إ آ ٱ → ا,
    /// ى → ي, ة → ه, ؤ ئ → ء, Persian ی ک → ي ك; fold Arabic-Indic and Persian digits to ASCII; lower-case.
    /// </summary>
    /// <remarks>Returns <paramref name="text"/> itself when nothing in it changes.</remarks>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Most words of a text are already in normal form; the tokeniser then keeps one string for the word as
        // written and as normalised instead of copying it.
        return IsNormal(text) ? text : Normalize(text.AsSpan());
    }

    /// <inheritdoc cref="Normalize(string)"/>
    public static string Normalize(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return "";
        }

        // NFKC goes through ICU and allocates; plain Arabic letters, harakat and ASCII never change under it, so
        // the common token skips it.
        string? composed = null;
        if (NeedsCompatibilityPass(text))
        {
            // ICU refuses a lone surrogate (an emoji cut in half by a caller's slice, or scraped text): it becomes
            // U+FFFD here rather than an exception that would stop a whole ingest.
            var s = WithoutLoneSurrogates(text.ToString());
            composed = s.IsNormalized(NormalizationForm.FormKC) ? s : s.Normalize(NormalizationForm.FormKC);
            text = composed.AsSpan();
        }

        var buffer = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        var n = 0;
        foreach (var c in text)
        {
            if (!IsStripped(c))
            {
                buffer[n++] = Fold(c);
            }
        }

        return new string(buffer[..n]);
    }

    /// <summary>
    /// As <see cref="Normalize(ReadOnlySpan{char})"/>, written into <paramref name="destination"/> (at least as long
    /// as <paramref name="text"/>): the number of characters, or -1 when the text needs the NFKC pass, which only
    /// the string form does.
    /// </summary>
    internal static int Normalize(ReadOnlySpan<char> text, Span<char> destination)
    {
        if (NeedsCompatibilityPass(text))
        {
            return -1;
        }

        var n = 0;
        foreach (var c in text)
        {
            if (!IsStripped(c))
            {
                destination[n++] = Fold(c);
            }
        }

        return n;
    }

    /// <summary>Harakat, Quranic annotation marks, superscript alef, tatweel and zero-width (non-)joiners.</summary>
    public static bool IsStripped(char c) =>
        c is (>= '\u0610' and <= '\u061A') or (>= '\u064B' and <= '\u065F') or '\u0670'
            or (>= '\u06D6' and <= '\u06ED') or '\u0640' or '\u200C' or '\u200D';

    /// <summary>Folds one character (letters, digits, case); characters that need no folding come back as they are.</summary>
    public static char Fold(char c) => c switch
    {
        < '\u0080' => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c,
        'أ' or 'إ' or 'آ' or 'ٱ' => 'ا',
        'ى' or '\u06CC' => 'ي',
        'ة' => 'ه',
        'ؤ' or 'ئ' => 'ء',
        '\u06A9' => 'ك',
        >= '\u0660' and <= '\u0669' => (char)('0' + (c - '\u0660')),
        >= '\u06F0' and <= '\u06F9' => (char)('0' + (c - '\u06F0')),
        >= '\u0600' and <= '\u06FF' => c,
        _ => char.IsUpper(c) ? char.ToLowerInvariant(c) : c,
    };

    /// <summary>True for the characters a token is made of: letters, digits and the marks stripped inside words.</summary>
    public static bool IsWordChar(char c) =>
        c switch
        {
            < '\u0080' => char.IsAsciiLetterOrDigit(c),
            >= '\u0621' and <= '\u064A' => true,
            _ => char.IsLetterOrDigit(c) || IsStripped(c)
                || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark,
        };

    /// <summary>True for Arabic-script letters (basic block, supplement, extended-A and presentation forms).</summary>
    public static bool IsArabicLetter(char c) =>
        c is (>= '\u0621' and <= '\u064A') or (>= '\u066E' and <= '\u06D3') or '\u06D5' or (>= '\u06EE' and <= '\u06FF')
            or (>= '\u0750' and <= '\u077F') or (>= '\u08A0' and <= '\u08FF') or (>= '\uFB50' and <= '\uFDFF')
            or (>= '\uFE70' and <= '\uFEFF')
        && !(c is >= '\u06F0' and <= '\u06F9');

    /// <summary>True when <see cref="Normalize(ReadOnlySpan{char})"/> would return the same characters.</summary>
    private static bool IsNormal(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!IsPlain(c) || IsStripped(c) || Fold(c) != c)
            {
                return false;
            }
        }

        return true;
    }

    private static string WithoutLoneSurrogates(string s)
    {
        char[]? copy = null;
        for (var i = 0; i < s.Length; i++)
        {
            var paired = char.IsHighSurrogate(s[i]) ? i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])
                : !char.IsLowSurrogate(s[i]) || (i > 0 && char.IsHighSurrogate(s[i - 1]));
            if (!paired)
            {
                copy ??= s.ToCharArray();
                copy[i] = '\uFFFD';
            }
            else if (char.IsHighSurrogate(s[i]))
            {
                i++;
            }
        }

        return copy is null ? s : new string(copy);
    }

    private static bool NeedsCompatibilityPass(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!IsPlain(c))
            {
                return true;
            }
        }

        return false;
    }

    // U+0653–0655 (madda, hamza above/below) compose with the letter before them under NFKC, so they must go
    // through it; everything else listed here is already in NFKC form.
    private static bool IsPlain(char c) =>
        c < '\u0080'
        || c is (>= '\u0621' and <= '\u0652') or (>= '\u0656' and <= '\u065F') or (>= '\u0660' and <= '\u066D')
            or '\u0670' or (>= '\u06F0' and <= '\u06F9') or '\u200C' or '\u200D';
}
