using System.Security.Cryptography;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Outlets;
using ArabicNewsArchive.People;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Text;
using ArabicNewsArchive.Topics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ArabicNewsArchive.Tests.Search;

/// <summary>
/// The five seeds in a real SQLite store (migrations applied), with people, mentions, topics, outlets and dates,
/// indexed for search. Until the ingestion pipeline lands, the rows are built here from the seed files with a small
/// alias list and keyword rules (every mention and topic is found in the text, nothing is asserted by hand); at
/// merge this one helper switches to the real ingestion.
/// </summary>
public sealed class SearchFixture : IAsyncLifetime
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public IDbContextFactory<ArchiveDbContext> Factory { get; private set; } = null!;

    public SearchService Service { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _connection.OpenAsync();
        var options = new DbContextOptionsBuilder<ArchiveDbContext>().UseSqlite(_connection).Options;
        Factory = new PooledDbContextFactory<ArchiveDbContext>(options);
        await using var db = await Factory.CreateDbContextAsync();
        await db.Database.MigrateAsync();
        await SeedAsync(db);
        Service = new SearchService(Factory);
    }

    public Task DisposeAsync() => _connection.DisposeAsync().AsTask();

    /// <summary>The seed article ids, in file order.</summary>
    public static readonly string[] Ids =
        ["000_222e9e8ff3339bbc", "001_115f144be502b13d", "002_beaccfc0902c3d0e", "003_b3014ee5dfb3bcc9", "004_4e31ff7a3868a69f"];

    public static string Seed(int i) => Ids[i];

    // What front matter would state for each seed (the seeds are plain .txt, so ingestion infers these; the
    // fixture states them so search can be tested before the inference lands).
    private static readonly (string? Outlet, DateOnly? Date, DatePrecision Precision, bool FirstLineIsTitle, string Title)[] s_meta =
    [
        ("alwaght", new DateOnly(2022, 2, 2), DatePrecision.Day, false, "أوشاكوف: بوتين وشي جين بينغ سيتبنيان بياناً مشتركاً"),
        (null, new DateOnly(2022, 2, 4), DatePrecision.Day, false, "روسيا والصين تؤكدان العمل لتطبيق تعددية حقيقية"),
        ("asharq", new DateOnly(2022, 9, 1), DatePrecision.Month, true, ""),
        (null, new DateOnly(2023, 2, 21), DatePrecision.Day, true, ""),
        ("almayadeen", new DateOnly(2023, 2, 22), DatePrecision.Day, true, ""),
    ];

    /// <summary>Spellings per person: the contract's names, the variants that occur in the seeds, and the Latin name.</summary>
    public static readonly (string Slug, string NameAr, string NameEn, string Role, string[] Aliases)[] People =
    [
        ("vladimir-putin", "فلاديمير بوتين", "Vladimir Putin", "President of Russia", ["فلاديمير بوتين", "بوتين", "Vladimir Putin", "Putin"]),
        ("xi-jinping", "شي جين بينغ", "Xi Jinping", "President of China", ["شي جين بينغ", "شي جين بينج", "شين جين بينغ", "Xi Jinping"]),
        ("wang-yi", "وانغ يي", "Wang Yi", "China's top diplomat", ["وانغ يي", "وانغ", "Wang Yi"]),
        ("sergey-lavrov", "سيرغي لافروف", "Sergey Lavrov", "Russian Foreign Minister", ["سيرغي لافروف", "سيرجي لافروف", "لافروف", "Sergey Lavrov", "Lavrov"]),
        ("nikolai-patrushev", "نيكولاي باتروشيف", "Nikolai Patrushev", "Secretary of Russia's Security Council", ["نيكولاي باتروشيف", "باتروشيف", "Nikolai Patrushev"]),
        ("dmitry-peskov", "دميتري بيسكوف", "Dmitry Peskov", "Kremlin spokesman", ["دميتري بيسكوف", "ديمتري بيسكوف", "بيسكوف", "Dmitry Peskov"]),
        ("yuri-ushakov", "يوري أوشاكوف", "Yuri Ushakov", "Aide to the Russian President", ["يوري أوشاكوف", "أوشاكوف", "Yuri Ushakov"]),
        ("zhao-lijian", "تشاو ليجيان", "Zhao Lijian", "Chinese Foreign Ministry spokesman", ["تشاو ليجيان", "Zhao Lijian"]),
        ("yang-jiechi", "يانغ جيتشي", "Yang Jiechi", "Member of the CPC Politburo", ["يانغ جيتشي", "يانج جيتشي", "Yang Jiechi"]),
        ("andrey-denisov", "أندريه دينيسوف", "Andrey Denisov", "Russian Ambassador to China", ["أندريه دينيسوف", "دينيسوف", "Andrey Denisov"]),
    ];

    /// <summary>Topic rules: an article gets the topic when one of these words (normalised) occurs in it.</summary>
    public static readonly (string Slug, string NameAr, string NameEn, string[] Cues)[] Topics =
    [
        ("joint-statement", "البيان المشترك و\"العهد الجديد\"", "The joint statement and the \"new era\"", ["بيان مشترك", "البيان المشترك", "إعلان مشترك", "بياناً مشتركاً"]),
        ("security", "الأمن والضمانات الأمنية", "Security and security guarantees", ["الضمانات الأمنية", "مجلس الأمن"]),
        ("military", "التعاون العسكري", "Military cooperation", ["العسكري", "العسكرية"]),
        ("trade-energy", "التجارة والطاقة", "Trade and energy", ["النفط", "الغاز", "التبادل التجاري", "التجارة"]),
        ("ukraine-war", "الحرب في أوكرانيا", "The war in Ukraine", ["أوكرانيا", "لأوكرانيا"]),
        ("winter-olympics", "أولمبياد بكين الشتوي", "The Beijing Winter Olympics", ["الأولمبية الشتوية", "أولمبياد بكين"]),
        ("multipolarity", "التعددية وعالم متعدد الأقطاب", "Multilateralism and a multipolar world", ["تعددية", "التعددية", "أحادي القطب"]),
        ("united-states-west", "الولايات المتحدة والغرب", "The United States and the West", ["الولايات المتحدة", "الغرب"]),
        ("visits-summits", "الزيارات والقمم", "Visits and summits", ["زيارة", "قمة"]),
        ("asia-pacific", "آسيا والمحيط الهادئ وتايوان", "Asia-Pacific and Taiwan", ["آسيا والمحيط", "تايوان"]),
    ];

    private static readonly string[] s_boilerplateStarts = ["اقرأ أيضاً", "تصنيفات", "time reading icon", "المصدر:", "•", "دبي- الشرق"];

    public static string SeedsDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ArabicNewsArchive.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "seeds");
    }

    /// <summary>Inserts the reference data and the five seeds into <paramref name="db"/> and indexes them.</summary>
    public static async Task SeedAsync(ArchiveDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.Outlets.AddRange(
            new Outlet { Slug = "alwaght", NameAr = "الوقت", NameEn = "Al-Waght" },
            new Outlet { Slug = "asharq", NameAr = "الشرق", NameEn = "Asharq" },
            new Outlet { Slug = "almayadeen", NameAr = "الميادين", NameEn = "Al Mayadeen" });
        foreach (var p in People)
        {
            db.People.Add(new Person
            {
                Slug = p.Slug,
                NameAr = p.NameAr,
                NameEn = p.NameEn,
                Role = p.Role,
                Aliases = p.Aliases.Select(a => new PersonAlias
                {
                    PersonSlug = p.Slug,
                    Text = a,
                    Normalized = ArabicNormalizer.Normalize(a),
                    Origin = a.Any(char.IsAsciiLetter) ? "latin" : "curated",
                }).ToList(),
            });
        }

        foreach (var t in Topics)
        {
            db.Topics.Add(new Topic { Slug = t.Slug, NameAr = t.NameAr, NameEn = t.NameEn });
        }

        await db.SaveChangesAsync();

        var dir = SeedsDirectory();
        for (var i = 0; i < Ids.Length; i++)
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var bytes = await File.ReadAllBytesAsync(Path.Combine(dir, Ids[i] + ".txt"));
            var text = new System.Text.UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF');
            var meta = s_meta[i];
            var article = new Article
            {
                Id = Ids[i],
                SourceFile = Ids[i] + ".txt",
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
                SourceText = text,
                OutletSlug = meta.Outlet,
                Published = meta.Date,
                DatePrecision = meta.Precision,
                DateSource = FactSource.Stated,
            };
            article.Paragraphs = Paragraphs(article.Id, text);
            if (meta.FirstLineIsTitle)
            {
                var title = article.Paragraphs[0];
                title.Kind = ParagraphKind.Title;
                article.Title = title.Text;
                article.TitleStart = title.SourceStart;
                article.TitleEnd = title.SourceStart + title.Text.Length;
                article.TitleSource = FactSource.Inferred;
            }
            else
            {
                article.Title = meta.Title;
                article.TitleSource = FactSource.Stated;
            }

            article.BodyMarkdown = string.Join("\n\n", article.Paragraphs.Where(p => p.Kind == ParagraphKind.Body).Select(p => p.Text));
            db.Articles.Add(article);
            var mentions = Mentions(article.Id, text);
            db.Mentions.AddRange(mentions);
            db.ArticleTopics.AddRange(TopicsOf(article.Id, text));
            await db.SaveChangesAsync();
            await SearchIndex.UpdateArticleAsync(db, article, mentions.Select(m => m.PersonSlug));
            await tx.CommitAsync();
        }
    }

    private static List<Paragraph> Paragraphs(string id, string text)
    {
        var result = new List<Paragraph>();
        var start = 0;
        var line = 1;
        while (start < text.Length)
        {
            var nl = text.IndexOf('\n', start);
            var end = nl < 0 ? text.Length : nl + 1;
            var content = text[start..end].Trim();
            var kind = content.Length == 0 ? ParagraphKind.Blank
                : s_boilerplateStarts.Any(b => content.StartsWith(b, StringComparison.Ordinal)) ? ParagraphKind.Boilerplate
                : ParagraphKind.Body;
            result.Add(new Paragraph
            {
                ArticleId = id,
                Ordinal = result.Count,
                Kind = kind,
                Reason = kind == ParagraphKind.Boilerplate ? "web furniture" : null,
                SourceStart = start,
                SourceEnd = end,
                FirstLine = line,
                LastLine = line,
                Text = content,
            });
            start = end;
            line++;
        }

        return result;
    }

    /// <summary>Finds every alias (normalised word sequence, first word optionally with one particle) in the text.</summary>
    private static List<Mention> Mentions(string id, string text)
    {
        var tokens = ArabicTokenizer.Tokenize(text);
        var aliases = People
            .SelectMany(p => p.Aliases.Select(a => (p.Slug, Words: ArabicTokenizer.Tokenize(a).Select(t => t.Normalized).ToArray())))
            .OrderByDescending(a => a.Words.Length)
            .ToList();
        var result = new List<Mention>();
        var k = 0;
        while (k < tokens.Count)
        {
            var found = false;
            foreach (var (slug, words) in aliases)
            {
                if (k + words.Length > tokens.Count)
                {
                    continue;
                }

                var first = tokens[k].Normalized;
                var ok = first == words[0] || NameKey.WithoutParticle(first) == words[0];
                for (var w = 1; w < words.Length && ok; w++)
                {
                    ok = tokens[k + w].Normalized == words[w];
                }

                if (ok)
                {
                    var s = tokens[k].Start;
                    var e = tokens[k + words.Length - 1].End;
                    result.Add(new Mention { ArticleId = id, PersonSlug = slug, Start = s, End = e, Text = text[s..e] });
                    k += words.Length;
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                k++;
            }
        }

        return result;
    }

    private static IEnumerable<ArticleTopic> TopicsOf(string id, string text)
    {
        var normalized = ArabicNormalizer.Normalize(text);
        foreach (var t in Topics)
        {
            var hits = t.Cues.Sum(c => CountOf(normalized, ArabicNormalizer.Normalize(c)));
            if (hits > 0)
            {
                yield return new ArticleTopic { ArticleId = id, TopicSlug = t.Slug, Score = hits };
            }
        }
    }

    private static int CountOf(string haystack, string needle)
    {
        var count = 0;
        for (var at = haystack.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = haystack.IndexOf(needle, at + needle.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
