using System.Security.Cryptography;
using System.Text;
using ArabicNewsArchive.Text;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ArabicNewsArchive.Outlets;

/// <summary>
/// A known outlet, the name forms and codes articles and feeds use for it ("الميادين نت", "Al Mayadeen", "aawsat"),
/// and its web domains ("aawsat.com", or "bbc.com/arabic" when the Arabic service lives under a path).
/// </summary>
public sealed record OutletEntry(Outlet Outlet, IReadOnlyList<string> Forms, IReadOnlyList<string> Domains)
{
    /// <summary>An entry without domains.</summary>
    public OutletEntry(Outlet outlet, IReadOnlyList<string> forms)
        : this(outlet, forms, [])
    {
    }

    /// <summary>True for a news agency: its name in a text is a credit, not the outlet.</summary>
    public bool IsAgency => Outlet.Kind == OutletKinds.Agency;
}

/// <summary>
/// The outlets of seeds/reference/outlets.yaml, and name matching that ignores spelling differences
/// (normalised with <see cref="ArabicNormalizer"/>). Several outlets may share a name (الجزيرة is the Qatari
/// channel and the Saudi daily): <see cref="FindAll"/> gives them all, <see cref="Resolve"/> picks one by domain or
/// country.
/// </summary>
public sealed class OutletCatalog
{
    private readonly List<(string Normalized, OutletEntry Entry)> _forms;

    // Each form's place in _forms: a prefix of a text is looked up once instead of compared with every form.
    private readonly Dictionary<string, int> _formIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<OutletEntry>> _byForm = new(StringComparer.Ordinal);
    private readonly List<(string Host, string Path, OutletEntry Entry)> _domains = [];
    private readonly Dictionary<string, OutletEntry> _bySlug = new(StringComparer.Ordinal);

    public OutletCatalog(IEnumerable<OutletEntry> entries)
    {
        Entries = [.. entries];
        foreach (var e in Entries)
        {
            _bySlug.TryAdd(e.Outlet.Slug, e);
            foreach (var key in e.Forms.Append(e.Outlet.NameAr).Append(e.Outlet.NameEn).Append(e.Outlet.Slug).SelectMany(Keys).Distinct())
            {
                if (!_byForm.TryGetValue(key, out var list))
                {
                    _byForm[key] = list = [];
                }

                if (!list.Contains(e))
                {
                    list.Add(e);
                }
            }

            foreach (var d in e.Domains)
            {
                var (host, path) = SplitDomain(d);
                if (host.Length > 0)
                {
                    _domains.Add((host, path, e));
                }
            }
        }

        _forms = [.. _byForm
            .Select(kv => (Normalized: kv.Key, Entry: kv.Value[0]))
            // Longest first, so "روسيا اليوم" wins over a shorter form that is its prefix.
            .OrderByDescending(x => x.Normalized.Length)
            .ThenBy(x => x.Normalized, StringComparer.Ordinal)];
        for (var f = 0; f < _forms.Count; f++)
        {
            _formIndex[_forms[f].Normalized] = f;
        }

        // The longest domain first: "bbc.com/arabic" before "bbc.com", "arabic.rt.com" before "rt.com".
        _domains.Sort((a, b) => (b.Host.Length + b.Path.Length).CompareTo(a.Host.Length + a.Path.Length));
    }

    public static OutletCatalog Empty { get; } = new([]);

    /// <summary>The places datelines open with (never outlets); loaded from places.yaml beside outlets.yaml.</summary>
    public PlaceGazetteer Places { get; init; } = PlaceGazetteer.Empty;

    public IReadOnlyList<OutletEntry> Entries { get; }

    public IReadOnlyList<Outlet> Outlets => [.. Entries.Select(e => e.Outlet)];

    /// <summary>Loads outlets.yaml: a list under <c>outlets:</c> of slug, nameAr, nameEn, kind, country, domains and forms.</summary>
    public static OutletCatalog Load(string path)
    {
        var places = Path.Combine(Path.GetDirectoryName(path) ?? ".", "places.yaml");
        var catalog = Parse(File.ReadAllText(path), path);
        return File.Exists(places) ? new OutletCatalog(catalog.Entries) { Places = PlaceGazetteer.Load(places) } : catalog;
    }

    /// <summary>Parses the catalogue's YAML (see <see cref="Load"/>); <paramref name="origin"/> names it in errors.</summary>
    public static OutletCatalog Parse(string yaml, string origin = "outlets.yaml")
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        var file = deserializer.Deserialize<OutletsFile?>(yaml) ?? new OutletsFile();
        var entries = new List<OutletEntry>();
        foreach (var o in file.Outlets)
        {
            if (string.IsNullOrWhiteSpace(o.Slug) || string.IsNullOrWhiteSpace(o.NameAr))
            {
                throw new InvalidDataException($"{origin}: every outlet needs a slug and a nameAr");
            }

            var kind = string.IsNullOrWhiteSpace(o.Kind) ? OutletKinds.Site : o.Kind.Trim();
            if (!OutletKinds.All.Contains(kind))
            {
                throw new InvalidDataException($"{origin}: outlet '{o.Slug}' has kind '{kind}'; use one of {string.Join(", ", OutletKinds.All)}");
            }

            entries.Add(new OutletEntry(
                new Outlet
                {
                    Slug = o.Slug.Trim(),
                    NameAr = o.NameAr.Trim(),
                    NameEn = (o.NameEn ?? o.Slug).Trim(),
                    Kind = kind,
                    Country = string.IsNullOrWhiteSpace(o.Country) ? null : o.Country.Trim().ToLowerInvariant(),
                },
                [.. o.Forms.Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => f.Trim())],
                [.. o.Domains.Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => d.Trim().ToLowerInvariant())]));
        }

        var duplicate = entries.GroupBy(e => e.Outlet.Slug).FirstOrDefault(g => g.Count() > 1);
        return duplicate is not null
            ? throw new InvalidDataException($"{origin}: outlet slug '{duplicate.Key}' is listed twice")
            : new OutletCatalog(entries);
    }

    /// <summary>The outlet with this slug, or null.</summary>
    public OutletEntry? FindBySlug(string slug) => _bySlug.GetValueOrDefault(slug);

    /// <summary>The first listed outlet whose name form, code or slug equals <paramref name="name"/> (after normalisation), or null.</summary>
    public OutletEntry? Find(string name)
    {
        var all = FindAll(name);
        return all.Count == 0 ? null : all[0];
    }

    /// <summary>Every outlet whose name form, code or slug equals <paramref name="name"/>, in catalogue order.</summary>
    public IReadOnlyList<OutletEntry> FindAll(string name)
    {
        foreach (var key in Keys(name))
        {
            if (_byForm.TryGetValue(key, out var list))
            {
                return list;
            }
        }

        return [];
    }

    /// <summary>
    /// The outlet <paramref name="name"/> means: a web address or domain is looked up as one; of same-named outlets,
    /// the one whose domain is <paramref name="domainHint"/>'s, else the one of <paramref name="country"/>, else the
    /// first listed. Null when the catalogue knows no such name.
    /// </summary>
    public OutletEntry? Resolve(string name, OutletEntry? domainHint = null, string? country = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var all = FindAll(name);
        if (all.Count == 0)
        {
            return LooksLikeAddress(name) ? FindByUrl(name) : null;
        }

        if (domainHint is not null && all.Contains(domainHint))
        {
            return domainHint;
        }

        if (country is not null && all.FirstOrDefault(e => e.Outlet.Country == country) is { } local)
        {
            return local;
        }

        return all[0];
    }

    /// <summary>The outlet whose domain serves <paramref name="url"/> ("https://www.sabq.org/x", "sabq.org"), or null.</summary>
    public OutletEntry? FindByUrl(string url)
    {
        var (host, path) = SplitDomain(url);
        if (host.Length == 0)
        {
            return null;
        }

        foreach (var (h, p, entry) in _domains)
        {
            var hostMatches = host == h || host.EndsWith("." + h, StringComparison.Ordinal);
            if (hostMatches && (p.Length == 0 || path == p || path.StartsWith(p + "/", StringComparison.Ordinal)))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>The country a web address's top-level domain names (".sa" → "sa"), or null for a generic one.</summary>
    public static string? CountryOfUrl(string url)
    {
        var (host, _) = SplitDomain(url);
        var dot = host.LastIndexOf('.');
        var tld = dot < 0 ? "" : host[(dot + 1)..];
        // Two-letter domains sold as generic names say nothing about a country.
        return tld.Length != 2 || tld is "tv" or "me" or "co" or "io" or "fm" or "ai" ? null : tld == "uk" ? "gb" : tld;
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
            // Never between the two halves of a character outside the BMP (an emoji): that is no word boundary.
            if (end < text.Length && char.IsLowSurrogate(text[end]))
            {
                continue;
            }

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

        // The first form in _forms order that one of the prefixes is, as trying each form against the prefixes in
        // turn finds it: that try stops at the first prefix longer than the form, so a prefix counts for a form only
        // when no prefix before it was longer than the form.
        var best = -1;
        var bestEnd = 0;
        var longestBefore = 0;
        foreach (var (end, n) in prefixes)
        {
            if (_formIndex.TryGetValue(n, out var f) && (best < 0 || f < best) && longestBefore <= n.Length)
            {
                best = f;
                bestEnd = end;
            }

            longestBefore = Math.Max(longestBefore, n.Length);
        }

        return best < 0 ? null : (_forms[best].Entry, bestEnd);
    }

    /// <summary>An outlet row for a name no catalog entry knows: kept rather than lost, shown as given.</summary>
    public static Outlet CreateUnknown(string name)
    {
        var trimmed = name.Trim();
        var slug = Transliterate(trimmed);
        if (slug.Length < 2)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(NormalizeName(trimmed))));
            slug = "outlet-" + hash[..8];
        }

        return new Outlet { Slug = slug, NameAr = trimmed, NameEn = trimmed };
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

    /// <summary>The lookup keys of a name: its normalised form, and for a Latin name the same without spaces ("SkyNews").</summary>
    private static IEnumerable<string> Keys(string name)
    {
        var n = NormalizeName(name);
        if (n.Length == 0)
        {
            yield break;
        }

        yield return n;
        if (n.Contains(' ', StringComparison.Ordinal) && n.All(c => c < '\u0600'))
        {
            yield return n.Replace(" ", "", StringComparison.Ordinal);
        }
    }

    private static bool LooksLikeAddress(string name) =>
        name.Contains('.', StringComparison.Ordinal) && !name.Contains(' ', StringComparison.Ordinal) && name.All(c => c < '\u0600');

    /// <summary>Host (without www., m., amp.) and path (no trailing slash) of an address or a bare domain, lower case.</summary>
    private static (string Host, string Path) SplitDomain(string address)
    {
        var s = address.Trim().ToLowerInvariant();
        var scheme = s.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            s = s[(scheme + 3)..];
        }

        var end = s.IndexOfAny(['?', '#']);
        if (end >= 0)
        {
            s = s[..end];
        }

        var slash = s.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? s : s[..slash];
        var path = slash < 0 ? "" : s[slash..].TrimEnd('/');
        var colon = host.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            host = host[..colon];
        }

        foreach (var prefix in new[] { "www.", "m.", "amp." })
        {
            if (host.StartsWith(prefix, StringComparison.Ordinal))
            {
                host = host[prefix.Length..];
            }
        }

        if (!host.Contains('.', StringComparison.Ordinal) || host.Any(char.IsWhiteSpace))
        {
            return ("", "");
        }

        return (host, path.Length > 0 && path[0] == '/' ? path[1..] : path);
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

        public string? Kind { get; set; }

        public string? Country { get; set; }

        public List<string> Domains { get; set; } = [];

        public List<string> Forms { get; set; } = [];
    }
}
