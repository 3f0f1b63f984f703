using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Store;

namespace ArabicNewsArchive.Topics;

/// <summary>
/// How <c>TopicRows.Evidence</c> is stored since migration <c>CompactTopicEvidence</c>: a BLOB of varints, about 7
/// bytes a piece of evidence where the JSON <c>[start, weight, phrase number]</c> took 15 (14.7 MB at 100k ANT).
/// </summary>
/// <remarks>
/// Per piece, in the list's order: <c>zigzag(start − previous start) × 2 + e</c>, the phrase's number in
/// <c>EvidencePhrases</c>, <c>zigzag(round(weight × 1000))</c>, and when <c>e</c> is 1 <c>zigzag(end − start)</c>
/// (LEB128 varints, as <see cref="Varint"/>). Without it the end is the start plus the phrase's length in characters
/// (SQLite's <c>length()</c>), as the JSON form left it out (migration LeanStoryTables). The weight is kept to a
/// thousandth: the IPTC model rounds its weights so and the rules' are written with one decimal, so every stored
/// weight reads back to the bit; no page or API shows a piece's weight. The <c>ArticleTopics</c> view decodes it into
/// the JSON <see cref="TopicEvidenceJson"/> reads and its triggers encode that JSON, in SQL (varints as hex digits,
/// <see cref="ParagraphCodec.SqlVarint"/>); the topic page counts phrases in C# (<see cref="CountPhrases"/>).
/// </remarks>
public static class TopicEvidenceBlob
{
    /// <summary>Adds one to <paramref name="counts"/> for each piece's phrase number in a stored value.</summary>
    public static void CountPhrases(ReadOnlySpan<byte> stored, Dictionary<int, int> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var position = 0;
        while (position < stored.Length)
        {
            var head = Varint.Read(stored, ref position);
            var phrase = (int)Varint.Read(stored, ref position);
            Varint.Read(stored, ref position);
            if ((head & 1) != 0)
            {
                Varint.Read(stored, ref position);
            }

            counts[phrase] = counts.GetValueOrDefault(phrase) + 1;
        }
    }

    /// <summary>An article's topic as its page shows it: names, score and evidence (<see cref="ReadAsync"/>).</summary>
    internal sealed record ArticleTopicRead(string Slug, string NameAr, string NameEn, double Score, List<TopicEvidence> Evidence);

    /// <summary>
    /// An article's topics, highest score first, each with its names and its evidence decoded here rather than by the
    /// view's SQL (which costs ~0.3 ms a row, the article page's topics read ~10× faster so), each piece as the view
    /// reads it: its phrase's text, its end.
    /// </summary>
    /// <remarks>
    /// Read from the tables, not through the <c>ArticleTopics</c> view, even for the names and scores: SQLite compiles
    /// a view's whole definition into every statement that names it, and that view's evidence decoder made preparing
    /// the page's topics query (done anew on every view: EF keeps no prepared statement) cost ~1.5 ms of CPU, half of
    /// the article page's. The rows come in the order the view's query gave them (the article's rows by topic number,
    /// then sorted by score), so ties keep their order.
    /// </remarks>
    internal static async Task<List<ArticleTopicRead>> ReadAsync(Microsoft.EntityFrameworkCore.DbContext db, string articleId, CancellationToken ct)
    {
        var connection = Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetDbConnection(db.Database);
        // Left as found: the caller may hold it open for its other reads.
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.OpenConnectionAsync(db.Database, ct);
        }

        try
        {
            var topics = new List<ArticleTopicRead>();
            var pieces = new List<(int Topic, long Start, int Phrase, long Milli, long? End)>();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = """
                    SELECT n.Slug, p.NameAr, p.NameEn, t.Score, t.Evidence FROM TopicRows t
                    JOIN TopicNumbers n ON n.No = t.Topic
                    JOIN Topics p ON p.Slug = n.Slug
                    WHERE t.Doc = (SELECT RowId FROM SearchDocs WHERE ArticleId = $id)
                    ORDER BY t.Score DESC
                    """;
                var parameter = command.CreateParameter();
                parameter.ParameterName = "$id";
                parameter.Value = articleId;
                command.Parameters.Add(parameter);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    Decode(topics.Count, (byte[])reader.GetValue(4), pieces);
                    topics.Add(new ArticleTopicRead(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3), []));
                }
            }

            var texts = new Dictionary<int, string>();
            if (pieces.Count > 0)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT No, Text FROM EvidencePhrases WHERE No IN (SELECT value FROM json_each($nos))";
                var parameter = command.CreateParameter();
                parameter.ParameterName = "$nos";
                parameter.Value = "[" + string.Join(',', pieces.Select(p => p.Phrase).Distinct()) + "]";
                command.Parameters.Add(parameter);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    texts[reader.GetInt32(0)] = reader.GetString(1);
                }
            }

            foreach (var (topic, start, phrase, milli, end) in pieces)
            {
                var text = texts[phrase];
                topics[topic].Evidence.Add(new TopicEvidence
                {
                    Start = (int)start,
                    // SQLite's length(): characters, a pair of UTF-16 surrogates one.
                    End = (int)(end ?? start + text.Length - text.Count(char.IsLowSurrogate)),
                    Weight = milli / 1000.0,
                    Text = text,
                });
            }

            return topics;
        }
        finally
        {
            if (opened)
            {
                await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.CloseConnectionAsync(db.Database);
            }
        }
    }

    private static void Decode(int topic, ReadOnlySpan<byte> stored, List<(int Topic, long Start, int Phrase, long Milli, long? End)> pieces)
    {
        var (position, start) = (0, 0L);
        while (position < stored.Length)
        {
            var head = Varint.Read(stored, ref position);
            start += Unzig(head >> 1);
            var phrase = (int)Varint.Read(stored, ref position);
            var milli = Unzig(Varint.Read(stored, ref position));
            long? end = (head & 1) != 0 ? start + Unzig(Varint.Read(stored, ref position)) : null;
            pieces.Add((topic, start, phrase, milli, end));
        }
    }

    /// <summary>
    /// A stored value as migration LeanStoryTables' JSON, <c>[start, weight, phrase number(, end)]</c> a piece (for
    /// tests and inspection: a decoder written apart from the SQL that encodes).
    /// </summary>
    internal static string ToLeanJson(ReadOnlySpan<byte> stored)
    {
        var json = new System.Text.StringBuilder("[");
        var (position, start) = (0, 0L);
        while (position < stored.Length)
        {
            var head = Varint.Read(stored, ref position);
            start += Unzig(head >> 1);
            var phrase = Varint.Read(stored, ref position);
            var weight = Unzig(Varint.Read(stored, ref position)) / 1000.0;
            json.Append(json.Length > 1 ? ",[" : "[").Append(start).Append(',')
                .Append(weight.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Append(',').Append(phrase);
            if ((head & 1) != 0)
            {
                json.Append(',').Append(start + Unzig(Varint.Read(stored, ref position)));
            }

            json.Append(']');
        }

        return json.Append(']').ToString();
    }

    private static long Unzig(uint value) => (value & 1) == 0 ? value >> 1 : -(long)(value >> 1) - 1;

    /// <summary>
    /// A SQL expression encoding the pieces a FROM clause yields as columns <c>k</c> (order), <c>s</c> (start),
    /// <c>ps</c> (the previous piece's start, 0 before the first), <c>p</c> (phrase number), <c>w</c> (weight) and
    /// <c>en</c> (the end when it is not the start plus the phrase's length, else NULL): the stored BLOB.
    /// </summary>
    internal static string Encode(string pieces) => $$"""
        coalesce((SELECT unhex(group_concat(
            {{ParagraphCodec.SqlVarint("(CASE WHEN s - ps >= 0 THEN 2 * (s - ps) ELSE -2 * (s - ps) - 1 END) * 2 + (en IS NOT NULL)")}}
            || {{ParagraphCodec.SqlVarint("p")}}
            || {{ParagraphCodec.SqlSigned("CAST(round(w * 1000) AS INTEGER)")}}
            || CASE WHEN en IS NULL THEN '' ELSE {{ParagraphCodec.SqlSigned("en - s")}} END, ''))
            FROM ({{pieces}})), X'')
        """;

    /// <summary>
    /// A SQL expression decoding the stored BLOB <paramref name="blob"/> into text: each piece becomes
    /// <paramref name="piece"/> (an expression of <c>s</c> start, <c>x</c> the explicit end or NULL, <c>p</c> phrase
    /// number, <c>m</c> weight in thousandths), joined by commas inside brackets (<c>[]</c> for none). No
    /// <c>unhex()</c>, which an older <c>sqlite3</c> shell lacks: the view stays readable there.
    /// </summary>
    internal static string Decode(string blob, string piece)
    {
        var v = Value("pos");
        var zig = Unzig(v);
        // One varint a step: field f is 0 the start and flag, 1 the phrase, 2 the weight, 3 the explicit end. A piece
        // is written when its last field is read.
        var done = piece.Replace("{x}", "NULL", StringComparison.Ordinal).Replace("{m}", zig, StringComparison.Ordinal);
        var doneEnd = piece.Replace("{x}", $"(s + {zig})", StringComparison.Ordinal).Replace("{m}", "m", StringComparison.Ordinal);
        return $$"""
            coalesce((WITH RECURSIVE r(h, pos, f, s, x, p, m, piece) AS (
                SELECT hex({{blob}}), 0, 0, 0, 0, 0, 0, NULL
                UNION ALL
                SELECT h, pos + {{Length("pos")}},
                    CASE f WHEN 0 THEN 1 WHEN 1 THEN 2 WHEN 2 THEN 3 * x ELSE 0 END,
                    CASE WHEN f = 0 THEN s + {{Unzig($"({v} >> 1)")}} ELSE s END,
                    CASE WHEN f = 0 THEN {{v}} & 1 ELSE x END,
                    CASE WHEN f = 1 THEN {{v}} ELSE p END,
                    CASE WHEN f = 2 THEN {{zig}} ELSE m END,
                    CASE WHEN f = 2 AND x = 0 THEN {{done}} WHEN f = 3 THEN {{doneEnd}} END
                FROM r WHERE 2 * pos < length(h))
                SELECT '[' || group_concat(piece, ',') || ']' FROM r WHERE piece IS NOT NULL), '[]')
            """;
    }

    /// <summary>The byte at byte offset <paramref name="at"/> of the hex digits <c>h</c>.</summary>
    private static string Byte(string at) =>
        $"((instr('0123456789ABCDEF', substr(h, 2 * ({at}) + 1, 1)) - 1) * 16 + instr('0123456789ABCDEF', substr(h, 2 * ({at}) + 2, 1)) - 1)";

    /// <summary>The varint at byte offset <paramref name="at"/> (up to 4 bytes: values below 2^28).</summary>
    private static string Value(string at)
    {
        var value = "0";
        for (var k = 3; k >= 0; k--)
        {
            var b = Byte($"{at} + {k}");
            value = $"(({b} & 127) << {7 * k}) + CASE WHEN {b} >= 128 THEN {value} ELSE 0 END";
        }

        return $"({value})";
    }

    /// <summary>How many bytes the varint at byte offset <paramref name="at"/> takes.</summary>
    private static string Length(string at)
    {
        var length = "0";
        for (var k = 3; k >= 0; k--)
        {
            length = $"1 + CASE WHEN {Byte($"{at} + {k}")} >= 128 THEN {length} ELSE 0 END";
        }

        return $"({length})";
    }

    private static string Unzig(string value) => $"(CASE WHEN ({value}) % 2 = 0 THEN ({value}) / 2 ELSE -(({value}) + 1) / 2 END)";
}
