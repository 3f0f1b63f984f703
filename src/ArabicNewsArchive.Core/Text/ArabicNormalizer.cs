using System.Globalization;
using System.Text;

namespace ArabicNewsArchive.Text;

/// <summary>
/// Folds the spelling differences Arabic writers and keyboards make, so that equal words compare equal.
/// The same function runs at index and query time.
/// </summary>
public static class ArabicNormalizer
{
    /// <summary>
    /// NFKC, then: strip harakat, Quranic marks, superscript alef and tatweel; fold أ إ آ ٱ → ا, ى → ي, ة → ه,
    /// ؤ → و, ئ → ي; fold Arabic-Indic and Persian digits to ASCII; lower-case Latin.
    /// </summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (IsStripped(c))
            {
                continue;
            }

            sb.Append(Fold(c));
        }

        return sb.ToString();
    }

    /// <summary>Harakat, Quranic annotation marks, superscript alef and tatweel: removed, not replaced.</summary>
    public static bool IsStripped(char c) =>
        c is (>= '\u0610' and <= '\u061A') or (>= '\u064B' and <= '\u065F') or '\u0670'
            or (>= '\u06D6' and <= '\u06ED') or '\u0640';

    /// <summary>Folds one character (letters, digits, Latin case); characters that need no folding come back as they are.</summary>
    public static char Fold(char c) => c switch
    {
        'أ' or 'إ' or 'آ' or 'ٱ' => 'ا',
        'ى' => 'ي',
        'ة' => 'ه',
        'ؤ' => 'و',
        'ئ' => 'ي',
        >= '\u0660' and <= '\u0669' => (char)('0' + (c - '\u0660')),
        >= '\u06F0' and <= '\u06F9' => (char)('0' + (c - '\u06F0')),
        >= 'A' and <= 'Z' => (char)(c + 32),
        _ => char.IsUpper(c) ? char.ToLowerInvariant(c) : c,
    };

    /// <summary>True for the characters a token is made of: letters, digits and the marks stripped inside words.</summary>
    public static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c) || IsStripped(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;
}
