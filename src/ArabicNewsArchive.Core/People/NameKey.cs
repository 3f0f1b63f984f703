namespace ArabicNewsArchive.People;

/// <summary>
/// A phonetic key for personal names, folding the swaps newspapers make when they transliterate a foreign name:
/// غ/ج/ق/ك/گ for g, ڤ for v, پ for p, long vowels written or not, hamza, a final ه/ة. Used only on names: folding
/// ج and غ in ordinary words would merge unrelated words, so search never sees these keys.
/// </summary>
public static class NameKey
{
    /// <summary>Key of one normalised word (<see cref="Text.ArabicNormalizer.Normalize(string)"/>).</summary>
    public static string Of(ReadOnlySpan<char> word)
    {
        Span<char> buffer = stackalloc char[Math.Max(word.Length, 1)];
        var n = Write(word, buffer);
        return new string(buffer[..n]);
    }

    /// <summary>Writes the key of <paramref name="word"/> into <paramref name="buffer"/> (at least as long as the word).</summary>
    public static int Write(ReadOnlySpan<char> word, Span<char> buffer)
    {
        var length = word.Length;

        // A final ه (from ة, or a final -يه/-ه in "أندريه") is a vowel in transliteration.
        if (length > 2 && word[length - 1] == 'ه')
        {
            length--;
        }

        var n = 0;
        for (var i = 0; i < length; i++)
        {
            var c = word[i];
            char k;
            if (c < '\u0080')
            {
                // Latin spellings: Sergey/Sergei, Yury/Yuri.
                k = c == 'y' && i > 0 ? 'i' : c;
            }
            else
            {
                switch (c)
                {
                    case 'ء':
                        continue;
                    case 'ا' or 'و' or 'ي' when i > 0:
                        // Long vowels come and go in transliterations (بوتين/بوتن); the first letter stays, as
                        // there it is a consonant or the only trace of the vowel (وانغ، يوري، أوشاكوف).
                        continue;
                    case 'غ' or 'ج' or 'ق' or 'ك' or '\u06AF':
                        k = 'G';
                        break;
                    case '\u06A4':
                        k = 'ف';
                        break;
                    case '\u067E':
                        k = 'ب';
                        break;
                    default:
                        k = c;
                        break;
                }
            }

            // Doubled letters (from a dropped vowel or a Latin double) count once.
            if (n > 0 && buffer[n - 1] == k)
            {
                continue;
            }

            buffer[n++] = k;
        }

        return n;
    }

    /// <summary>Keys of each word of a (possibly multi-word) name, in order.</summary>
    public static string[] Words(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return [.. Text.ArabicTokenizer.Tokenize(name).Select(t => Of(t.Normalized)).Where(k => k.Length > 0)];
    }

    /// <summary>
    /// The normalised word without one attached particle (و ف ب ل ك, optionally with ال), or null when it has none:
    /// a typed "لبوتين" names the same person as "بوتين".
    /// </summary>
    public static string? WithoutParticle(string normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        foreach (var p in s_particles)
        {
            if (normalized.Length - p.Length >= 3 && normalized.StartsWith(p, StringComparison.Ordinal))
            {
                return normalized[p.Length..];
            }
        }

        return null;
    }

    private static readonly string[] s_particles = ["وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك"];
}
