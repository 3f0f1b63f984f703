using System.Text;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.Search;

/// <summary>
/// A loose key for comparing a typed name with the known spellings of people: folds the letters Arabic uses for a
/// Latin g (غ ج ق ك گ), drops long vowels after the first letter, and strips one attached particle. Two spellings
/// of the same transliterated name (شي جين بينغ / شي جين بينج, سيرغي / سيرجي) get the same key.
/// </summary>
/// <remarks>
/// The PersonRecognizer (People/) keeps its own phonetic key in <c>PersonAliases.PhoneticKey</c>; search recomputes
/// this key from <c>PersonAliases.Normalized</c> so it does not depend on how that column was filled.
/// </remarks>
public static class NameKey
{
    /// <summary>Keys of each word of a name, in order.</summary>
    public static string[] Words(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ArabicTokenizer.Tokenize(name).Select(t => Word(t.Normalized)).Where(k => k.Length > 0).ToArray();
    }

    /// <summary>The key of one normalised word.</summary>
    public static string Word(string normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        var sb = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            var f = c switch
            {
                'غ' or 'ق' or 'ك' or 'گ' => 'ج',
                _ => c,
            };
            if (sb.Length > 0 && f is 'ا' or 'و' or 'ي')
            {
                continue;
            }

            if (sb.Length > 0 && sb[^1] == f)
            {
                continue;
            }

            sb.Append(f);
        }

        return sb.ToString();
    }

    /// <summary>The word without one attached particle (و ف ب ل ك, optionally with ال), or null when it has none.</summary>
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
