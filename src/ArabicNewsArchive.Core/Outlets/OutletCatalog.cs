using System.Security.Cryptography;
using System.Text;
using ArabicNewsArchive.Text;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ArabicNewsArchive.Outlets;

/// <summary>A known outlet and the name forms articles use for it ("الميادين", "الميادين نت", "Al Mayadeen").</summary>
public sealed record OutletEntry(Outlet Outlet, IReadOnlyList<string> Forms);

/// <summary>
/// The outlets of seeds/reference/outlets.yaml, and name matching that ignores spelling differences
/// (normalised with <see cref="ArabicNormalizer"/>).
/// </summary>
public sealed class OutletCatalog
{
    private readonly List<(string Normalized, OutletEntry Entry)> _forms;

    public OutletCatalog(IEnumerable<OutletEntry> entries)
    {
        Entries = [.. entries];
        _forms = [.. Entries
            .SelectMany(e => e.Forms.Append(e.Outlet.NameAr).Append(e.Outlet.NameEn).Append(e.Outlet.Slug)
                .Select(f => (Normalized: NormalizeName(f), Entry: e)))
            .Where(x => x.Normalized.Length > 0)
            .DistinctBy(x => x.Normalized)
            // Longest first, so "روسيا اليوم" wins over a shorter form that is its prefix.
            .OrderByDescending(x => x.Normalized.Length)];
    }

    public static OutletCatalog Empty { get; } = new([]);

    public IReadOnlyList<OutletEntry> Entries { get; }

    public IReadOnlyList<Outlet> Outlets => [.. Entries.Select(e => e.Outlet)];

    /// <summary>Loads outlets.yaml: a list under <c>outlets:</c> of slug, nameAr, nameEn and forms.</summary>
    public static OutletCatalog Load(string path)
    {
        var yaml = File.ReadAllText(path);
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        var file = deserializer.Deserialize<OutletsFile?>(yaml) ?? new OutletsFile();
        var entries = new List<OutletEntry>();
        foreach (var o in file.Outlets)
        {
            if (string.IsNullOrWhiteSpace(o.Slug) || string.IsNullOrWhiteSpace(o.NameAr))
            {
                throw new InvalidDataException($"{path}: every outlet needs a slug and a nameAr");
            }

            entries.Add(new OutletEntry(
                new Outlet { Slug = o.Slug.Trim(), NameAr = o.NameAr.Trim(), NameEn = (o.NameEn ?? o.Slug).Trim() },
                [.. o.Forms.Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => f.Trim())]));
        }

        var duplicate = entries.GroupBy(e => e.Outlet.Slug).FirstOrDefault(g => g.Count() > 1);
        return duplicate is not null
            ? throw new InvalidDataException($"{path}: outlet slug '{duplicate.Key}' is listed twice")
            : new OutletCatalog(entries);
    }

    /// <summary>The outlet whose name form equals <paramref name="name"/> (after normalisation), or null.</summary>
    public OutletEntry? Find(string name)
    {
        var n = NormalizeName(name);
        return n.Length == 0 ? null : _forms.FirstOrDefault(f => f.Normalized == n).Entry;
    }

    /// <summary>
    /// The longest known form that <paramref name="text"/> starts with, followed by a word boundary; returns the
    /// entry and the length of the match in <paramref name="text"/>'s own characters.
    /// </summary>
    public (OutletEntry Entry, int Length)? MatchPrefix(string text)
    {
        // The normalised prefixes of text at each word boundary (compared word by word on the original text so the
        // match length is in source characters), made once for all forms: every article's first line is tried
        // against every form, and making them again per form was a fifth of parsing.
        var prefixes = new List<(int End, string Normalized)>();
        var longest = _forms.Count > 0 ? _forms[0].Normalized.Length : 0;
        for (var end = 1; end <= text.Length; end++)
        {
            if (end < text.Length && char.IsLetterOrDigit(text[end]) && !ArabicNormalizer.IsStripped(text[end]))
            {
                // Only stop at a word boundary: "الوقتية" must not match "الوقت".
                continue;
            }

            var n = NormalizeName(text[..end]);
            prefixes.Add((end, n));
            if (n.Length > longest)
            {
                break;
            }
        }

        foreach (var (normalized, entry) in _forms)
        {
            foreach (var (end, n) in prefixes)
            {
                if (n == normalized)
                {
                    return (entry, end);
                }

                if (n.Length > normalized.Length)
                {
                    break;
                }
            }
        }

        return null;
    }

    /// <summary>An outlet row for a name no catalog entry knows: kept rather than lost.</summary>
    public static Outlet CreateUnknown(string name)
    {
        var trimmed = name.Trim();
        var slug = Transliterate(trimmed);
        if (slug.Length < 2)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(NormalizeName(trimmed))));
            slug = "outlet-" + hash[..8];
        }

        var isLatin = trimmed.All(c => c < '\u0600');
        return new Outlet { Slug = slug, NameAr = trimmed, NameEn = isLatin ? trimmed : slug };
    }

    internal static string NormalizeName(string name)
    {
        var n = ArabicNormalizer.Normalize(name);
        var sb = new StringBuilder(n.Length);
        var space = false;
        foreach (var c in n)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (space && sb.Length > 0)
                {
                    sb.Append(' ');
                }

                sb.Append(c);
                space = false;
            }
            else
            {
                space = true;
            }
        }

        return sb.ToString();
    }

    private static string Transliterate(string name)
    {
        var sb = new StringBuilder();
        foreach (var c in ArabicNormalizer.Normalize(name))
        {
            var latin = c switch
            {
                'ا' => "a", 'ب' => "b", 'ت' => "t", 'ث' => "th", 'ج' => "j", 'ح' => "h", 'خ' => "kh", 'د' => "d",
                'ذ' => "dh", 'ر' => "r", 'ز' => "z", 'س' => "s", 'ش' => "sh", 'ص' => "s", 'ض' => "d", 'ط' => "t",
                'ظ' => "z", 'ع' => "a", 'غ' => "gh", 'ف' => "f", 'ق' => "q", 'ك' => "k", 'ل' => "l", 'م' => "m",
                'ن' => "n", 'ه' => "h", 'و' => "w", 'ي' => "y", 'ء' => "",
                _ when c is (>= 'a' and <= 'z') or (>= '0' and <= '9') => c.ToString(),
                _ => "-",
            };
            sb.Append(latin);
        }

        var slug = string.Join('-', sb.ToString().Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length > 40 ? slug[..40].TrimEnd('-') : slug;
    }

    private sealed class OutletsFile
    {
        public List<OutletYaml> Outlets { get; set; } = [];
    }

    private sealed class OutletYaml
    {
        public string Slug { get; set; } = "";

        public string NameAr { get; set; } = "";

        public string? NameEn { get; set; }

        public List<string> Forms { get; set; } = [];
    }
}
