using System.Text;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.People;

/// <summary>Romanises an Arabic name well enough for a readable, stable slug ("هاكان فيدان" → "hakan-fidan").</summary>
public static class ArabicTransliterator
{
    /// <summary>Lower-case Latin slug of a name, words joined by '-'.</summary>
    public static string ToSlug(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder(name.Length * 2);
        foreach (var token in ArabicTokenizer.Tokenize(name))
        {
            if (sb.Length > 0)
            {
                sb.Append('-');
            }

            AppendWord(token.Normalized, sb);
        }

        return sb.ToString();
    }

    private static void AppendWord(string w, StringBuilder sb)
    {
        for (var i = 0; i < w.Length; i++)
        {
            var c = w[i];
            var prevIsConsonant = i > 0 && w[i - 1] is not ('ا' or 'و' or 'ي');
            var last = i == w.Length - 1;
            sb.Append(c switch
            {
                'ا' => "a",
                'و' => i > 0 && prevIsConsonant ? "u" : "w",
                'ي' => i > 0 && prevIsConsonant ? "i" : "y",
                'ه' => last && i > 1 ? "a" : "h",
                'ب' => "b",
                'ت' => "t",
                'ث' => "th",
                'ج' => "j",
                'ح' => "h",
                'خ' => "kh",
                'د' => "d",
                'ذ' => "dh",
                'ر' => "r",
                'ز' => "z",
                'س' => "s",
                'ش' => "sh",
                'ص' => "s",
                'ض' => "d",
                'ط' => "t",
                'ظ' => "z",
                'غ' => "gh",
                'ف' or '\u06A4' => "f",
                'ق' => "q",
                'ك' => "k",
                'ل' => "l",
                'م' => "m",
                'ن' => "n",
                '\u06AF' => "g",
                '\u067E' => "p",
                'ع' or 'ء' => "",
                _ => char.IsAsciiLetterOrDigit(c) ? c.ToString() : "",
            });
        }
    }
}
