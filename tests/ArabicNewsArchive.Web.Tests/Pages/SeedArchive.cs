using System.Security.Cryptography;
using System.Text;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Outlets;
using ArabicNewsArchive.People;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Stories;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Topics;

namespace ArabicNewsArchive.Web.Tests.Pages;

/// <summary>
/// Fills a migrated store with the five seed files as the pages expect them after ingestion: one paragraph per
/// line, facts found by plain string search (the analysers are other branches' work; the pages only need facts
/// with real offsets). Test data, not a second ingestion.
/// </summary>
public static class SeedArchive
{
    public static readonly (string Slug, string Ar, string En, string[] Aliases)[] People =
    [
        ("vladimir-putin", "فلاديمير بوتين", "Vladimir Putin", ["فلاديمير بوتين", "بوتين"]),
        ("xi-jinping", "شي جين بينغ", "Xi Jinping", ["شي جين بينغ", "شي جين بينج"]),
        ("wang-yi", "وانغ يي", "Wang Yi", ["وانغ يي"]),
        ("sergey-lavrov", "سيرغي لافروف", "Sergey Lavrov", ["سيرغي لافروف", "سيرجي لافروف", "لافروف"]),
        ("nikolai-patrushev", "نيكولاي باتروشيف", "Nikolai Patrushev", ["نيكولاي باتروشيف", "باتروشيف"]),
        ("dmitry-peskov", "دميتري بيسكوف", "Dmitry Peskov", ["دميتري بيسكوف", "بيسكوف"]),
        ("yuri-ushakov", "يوري أوشاكوف", "Yuri Ushakov", ["يوري أوشاكوف", "أوشاكوف"]),
        ("zhao-lijian", "تشاو ليجيان", "Zhao Lijian", ["تشاو ليجيان"]),
    ];

    private static readonly (string Slug, string Ar, string En, string[] Phrases)[] s_topics =
    [
        ("joint-statement", "البيان المشترك و\"العهد الجديد\"", "The joint statement and the \"new era\"", ["بيان مشترك", "إعلان مشترك", "بياناً مشتركاً"]),
        ("military", "التعاون العسكري", "Military cooperation", ["التعاون العسكري"]),
        ("winter-olympics", "أولمبياد بكين الشتوي", "The Beijing Winter Olympics", ["أولمبياد بكين", "الألعاب الأولمبية"]),
        ("multipolarity", "التعددية وعالم متعدد الأقطاب", "Multilateralism and a multipolar world", ["تعددية حقيقية", "التعددية"]),
        ("united-states-west", "الولايات المتحدة والغرب", "The United States and the West", ["الولايات المتحدة"]),
    ];

    // id prefix → (outlet, published, precision, story)
    private static readonly Dictionary<string, (string? Outlet, DateOnly? Date, DatePrecision Precision, int? Story)> s_facts = new()
    {
        ["000"] = ("alwaght", new DateOnly(2022, 2, 1), DatePrecision.Month, 1),
        ["001"] = (null, new DateOnly(2022, 2, 4), DatePrecision.Day, 1),
        ["002"] = ("asharq", new DateOnly(2022, 9, 1), DatePrecision.Month, null),
        ["003"] = (null, new DateOnly(2023, 2, 21), DatePrecision.Day, 2),
        ["004"] = ("almayadeen", new DateOnly(2023, 2, 22), DatePrecision.Day, 2),
    };

    public static string SeedsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (dir.EnumerateFiles("*.sln").Any())
            {
                return Path.Combine(dir.FullName, "seeds");
            }
        }
        throw new InvalidOperationException("seeds/ not found above " + AppContext.BaseDirectory);
    }

    public static async Task SeedAsync(ArchiveDbContext db, string? seedsDirectory = null)
    {
        db.Outlets.AddRange(
            new Outlet { Slug = "alwaght", NameAr = "الوقت", NameEn = "Al-Waght" },
            new Outlet { Slug = "asharq", NameAr = "الشرق", NameEn = "Asharq" },
            new Outlet { Slug = "almayadeen", NameAr = "الميادين نت", NameEn = "Al Mayadeen" });
        foreach (var p in People)
        {
            db.People.Add(new Person
            {
                Slug = p.Slug, NameAr = p.Ar, NameEn = p.En, Role = p.En + " (role)",
                Aliases = p.Aliases.Select(a => new PersonAlias { PersonSlug = p.Slug, Text = a }).ToList(),
            });
        }
        foreach (var t in s_topics)
        {
            db.Topics.Add(new Topic { Slug = t.Slug, NameAr = t.Ar, NameEn = t.En });
        }
        db.Stories.AddRange(new Story { Id = 1, Label = "قمة بوتين وشي في بكين، فبراير 2022" }, new Story { Id = 2, Label = "زيارة وانغ يي إلى موسكو، فبراير 2023" });
        await db.SaveChangesAsync();

        foreach (var file in Directory.GetFiles(seedsDirectory ?? SeedsDirectory(), "*.txt").Order(StringComparer.Ordinal))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            var text = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
            var id = Path.GetFileNameWithoutExtension(file);
            var facts = s_facts[id[..3]];
            var article = new Article
            {
                Id = id, SourceFile = Path.GetFileName(file), Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), SourceText = text,
                OutletSlug = facts.Outlet, Published = facts.Date, DatePrecision = facts.Precision, StoryId = facts.Story,
            };
            var offset = 0;
            var lineNo = 0;
            var body = new List<string>();
            foreach (var line in text.Split('\n'))
            {
                lineNo++;
                var end = Math.Min(text.Length, offset + line.Length + 1);
                var clean = line.Trim();
                var kind = clean.Length == 0 ? ParagraphKind.Blank
                    : article.Paragraphs.All(p => p.Kind == ParagraphKind.Blank) ? ParagraphKind.Title
                    : clean.StartsWith("time reading icon", StringComparison.Ordinal) || clean.StartsWith("اقرأ أيضاً", StringComparison.Ordinal) || clean == "تصنيفات"
                        ? ParagraphKind.Boilerplate
                        : ParagraphKind.Body;
                if (kind == ParagraphKind.Title)
                {
                    article.Title = clean;
                    article.TitleStart = offset;
                    article.TitleEnd = offset + line.Length;
                }
                if (kind == ParagraphKind.Body)
                {
                    body.Add(clean);
                }
                article.Paragraphs.Add(new Paragraph
                {
                    ArticleId = id, Ordinal = lineNo - 1, Kind = kind, SourceStart = offset, SourceEnd = end, FirstLine = lineNo, LastLine = lineNo,
                    Text = clean, Reason = kind == ParagraphKind.Boilerplate ? "web page furniture" : null,
                });
                offset = end;
            }
            article.BodyMarkdown = string.Join("\n\n", body);
            foreach (var phrase in new[] { "اليوم الأربعاء", "الجمعة", "يوم الثلاثاء" })
            {
                var at = text.IndexOf(phrase, StringComparison.Ordinal);
                if (at >= 0)
                {
                    article.DateEvidence.Add(new DateEvidence { ArticleId = id, Start = at, End = at + phrase.Length, Text = phrase, Meaning = "weekday of publication" });
                }
            }
            db.Articles.Add(article);
            await db.SaveChangesAsync();

            foreach (var p in People)
            {
                var taken = new List<(int, int)>();
                foreach (var alias in p.Aliases.OrderByDescending(a => a.Length))
                {
                    for (var at = text.IndexOf(alias, StringComparison.Ordinal); at >= 0; at = text.IndexOf(alias, at + 1, StringComparison.Ordinal))
                    {
                        if (!taken.Any(t => at < t.Item2 && at + alias.Length > t.Item1))
                        {
                            taken.Add((at, at + alias.Length));
                            db.Mentions.Add(new Mention { ArticleId = id, PersonSlug = p.Slug, Start = at, End = at + alias.Length, Text = alias });
                        }
                    }
                }
            }
            foreach (var t in s_topics)
            {
                var evidence = new List<TopicEvidence>();
                foreach (var phrase in t.Phrases)
                {
                    var at = text.IndexOf(phrase, StringComparison.Ordinal);
                    if (at >= 0)
                    {
                        evidence.Add(new TopicEvidence { ArticleId = id, TopicSlug = t.Slug, Start = at, End = at + phrase.Length, Text = phrase, Weight = 1 });
                    }
                }
                if (evidence.Count > 0)
                {
                    db.ArticleTopics.Add(new ArticleTopic { ArticleId = id, TopicSlug = t.Slug, Score = evidence.Count, Evidence = evidence });
                }
            }
            const string Quote = "الصين تدعم مطالب روسيا بشأن الضمانات الأمنية";
            var q = text.IndexOf(Quote, StringComparison.Ordinal);
            if (q >= 0)
            {
                db.Quotes.Add(new Quote { ArticleId = id, PersonSlug = "yuri-ushakov", Start = q, End = q + Quote.Length, Text = Quote, CueStart = q - 15, CueEnd = q - 1 });
            }
            await db.SaveChangesAsync();
        }
        var ids = db.Articles.Select(a => a.Id).ToList();
        void Relate(string a, string b, bool same)
        {
            db.ArticleRelations.Add(new ArticleRelation { ArticleId = a, RelatedId = b, Score = 0.8, SameStory = same });
            db.ArticleRelations.Add(new ArticleRelation { ArticleId = b, RelatedId = a, Score = 0.8, SameStory = same });
        }
        Relate(ids[0], ids[1], true);
        Relate(ids[3], ids[4], true);
        Relate(ids[1], ids[2], false);
        await db.SaveChangesAsync();
        await SearchIndex.RebuildAsync(db);
    }
}
