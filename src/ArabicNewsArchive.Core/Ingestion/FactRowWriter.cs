using ArabicNewsArchive.Articles;
using ArabicNewsArchive.People;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Topics;

namespace ArabicNewsArchive.Ingestion;

/// <summary>
/// Writes a new article's mentions, quotes, topics and date evidence straight into the tables under the views EF
/// maps (<c>MentionRows</c>, <c>QuoteRows</c>, <c>TopicRows</c>, <c>DateRows</c>, migrations LeanFacts and
/// CompactTopicEvidence), with the numbers the views' INSTEAD OF triggers would have looked up: the bulk path of
/// ingestion. Through the views each row ran a trigger program of three or four statements (~10 µs a mention), and a
/// topic's evidence went to JSON and back through SQL's varint encoder: the writer's CPU per article was 0.61 ms
/// with them and is 0.35 ms without (10k ANT articles).
/// </summary>
/// <remarks>
/// Rows are the views' rows exactly (the views read them back unchanged: FactRowWriterTests). The numbers found or
/// added are kept for the writer's transaction; <see cref="Forget"/> drops them when a savepoint rolled some back.
/// Curators' edits and revisions still write through the views (one article at a time).
/// </remarks>
internal sealed class FactRowWriter(RowInserter inserter)
{
    private const string MentionSql = "INSERT INTO MentionRows (Doc, Person, Start, \"End\", Text) VALUES (?1, ?2, ?3, ?4, ?5)";
    private const string QuoteSql = "INSERT INTO QuoteRows (Doc, Person, Start, \"End\", CueStart, CueEnd) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
    private const string TopicSql = "INSERT INTO TopicRows (Doc, Topic, Score, Evidence) VALUES (?1, ?2, ?3, ?4)";
    private const string DateSql = "INSERT INTO DateRows (Doc, Start, \"End\", Text, Meaning) VALUES (?1, ?2, ?3, ?4, ?5)";

    private static readonly NumberTable s_persons = new("PersonNumbers", "Slug");
    private static readonly NumberTable s_texts = new("MentionTexts", "Text");
    private static readonly NumberTable s_topics = new("TopicNumbers", "Slug");
    private static readonly NumberTable s_phrases = new("EvidencePhrases", "Text");

    private readonly Dictionary<string, long> _persons = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _topics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _phrases = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), long> _meanings = [];
    private readonly List<byte> _evidence = [];

    /// <summary>A lookup table of numbered strings: its number for a string, the row added when it has none.</summary>
    private sealed record NumberTable(string Table, string Column)
    {
        public string Select { get; } = $"SELECT No FROM {Table} WHERE {Column} = ?1";

        public string Insert { get; } = $"INSERT INTO {Table} ({Column}) VALUES (?1)";
    }

    /// <summary>Writes the rows of the article whose <c>SearchDocs</c> row is <paramref name="doc"/>.</summary>
    public void Write(long doc, List<Mention> mentions, List<Quote> quotes, List<ArticleTopic> topics, List<DateEvidence> dates)
    {
        foreach (var m in mentions)
        {
            inserter.Execute(MentionSql, doc, Number(s_persons, _persons, m.PersonSlug), m.Start, m.End, Number(s_texts, _texts, m.Text));
        }

        foreach (var q in quotes)
        {
            inserter.Execute(QuoteSql, doc, Number(s_persons, _persons, q.PersonSlug), q.Start, q.End, q.CueStart, q.CueEnd);
        }

        foreach (var t in topics)
        {
            inserter.Execute(TopicSql, doc, Number(s_topics, _topics, t.TopicSlug), t.Score, Evidence(t.Evidence));
        }

        foreach (var d in dates)
        {
            inserter.Execute(DateSql, doc, d.Start, d.End, d.Text, Meaning(d.Meaning, d.MeaningAr));
        }
    }

    /// <summary>Drops the numbers kept: a rollback to a savepoint may have removed rows they name.</summary>
    public void Forget()
    {
        _persons.Clear();
        _texts.Clear();
        _topics.Clear();
        _phrases.Clear();
        _meanings.Clear();
    }

    private long Number(NumberTable table, Dictionary<string, long> known, string value)
    {
        if (known.TryGetValue(value, out var number))
        {
            return number;
        }

        number = inserter.QueryInt64(table.Select, value) ?? inserter.InsertReturningRowId(table.Insert, value);
        known[value] = number;
        return number;
    }

    private long Meaning(string meaning, string? meaningAr)
    {
        var key = (meaning, meaningAr ?? "");
        if (!_meanings.TryGetValue(key, out var number))
        {
            number = inserter.QueryInt64("SELECT No FROM DateMeanings WHERE Meaning = ?1 AND MeaningAr = ?2", key.Item1, key.Item2)
                ?? inserter.InsertReturningRowId("INSERT INTO DateMeanings (Meaning, MeaningAr) VALUES (?1, ?2)", key.Item1, key.Item2);
            _meanings[key] = number;
        }

        return number;
    }

    /// <summary>
    /// The evidence as <see cref="TopicEvidenceBlob"/> stores it, as the <c>ArticleTopics</c> trigger encodes the JSON
    /// <see cref="TopicEvidenceJson"/> writes: per piece, zigzag(start − previous start) × 2 + (an end of its own), the
    /// phrase's number, zigzag(weight × 1000 rounded as SQLite's round()), then the end's zigzag distance from the
    /// start when the end is not the start plus the phrase's length in characters (SQLite's length(): code points).
    /// </summary>
    private byte[] Evidence(List<TopicEvidence> evidence)
    {
        _evidence.Clear();
        long previous = 0;
        foreach (var e in evidence)
        {
            var ownEnd = e.End != e.Start + CodePoints(e.Text);
            Varint.Write(_evidence, (uint)((ZigZag(e.Start - previous) * 2) + (ownEnd ? 1 : 0)));
            Varint.Write(_evidence, (uint)Number(s_phrases, _phrases, e.Text));
            Varint.Write(_evidence, (uint)ZigZag(SqliteRound(e.Weight * 1000)));
            if (ownEnd)
            {
                Varint.Write(_evidence, (uint)ZigZag(e.End - (long)e.Start));
            }

            previous = e.Start;
        }

        return [.. _evidence];
    }

    // SQLite's round(x) to no digits, which adds a half and truncates (not Math.Round: 0.49999999999999994 gives 1).
    private static long SqliteRound(double x) => (long)(x + (x < 0 ? -0.5 : 0.5));

    private static long ZigZag(long value) => value >= 0 ? 2 * value : (-2 * value) - 1;

    private static int CodePoints(string text)
    {
        var count = text.Length;
        foreach (var c in text)
        {
            if (char.IsLowSurrogate(c))
            {
                count--;
            }
        }

        return count;
    }
}
