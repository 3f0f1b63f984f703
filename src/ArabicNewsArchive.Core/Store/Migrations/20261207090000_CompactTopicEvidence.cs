using ArabicNewsArchive.Topics;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArabicNewsArchive.Store.Migrations
{
    /// <inheritdoc />
    public partial class CompactTopicEvidence : Migration
    {
        // A topic's evidence as varints (TopicEvidenceBlob) instead of the JSON [start, weight, phrase number(, end)]:
        // 14.7 → ~7 MB at 100k ANT. The view reads the same JSON as before ([start, end, weight, "text"],
        // TopicEvidenceJson) and its triggers take it, both converting in SQL; every store is converted here, so one
        // form is read (SQL encodes and decodes varints as hex digits, as migration CompactParagraphs did).
        //
        // A whole weight as an integer, as the JSON had it ("2", not "2.0"); the rest as SQLite prints a REAL, which
        // reads back as the same double (a thousandth has at most 10 digits).
        private const string Weight = "(CASE WHEN {m} % 1000 = 0 THEN {m} / 1000 ELSE {m} / 1000.0 END)";

        private const string Phrase = """(SELECT q."Text" FROM "EvidencePhrases" q WHERE q."No" = p)""";

        private static readonly string AsRead = TopicEvidenceBlob.Decode(
            "t.\"Evidence\"",
            $"""'[' || s || ',' || coalesce({"{x}"}, s + length({Phrase})) || ',' || {Weight} || ',' || json_quote({Phrase}) || ']'""");

        private static readonly string AsStored = TopicEvidenceBlob.Encode("""
            SELECT e.key AS k, e.value ->> 0 AS s,
                CASE e.key WHEN 0 THEN 0 ELSE NEW."Evidence" ->> ('$[' || (e.key - 1) || '][0]') END AS ps,
                (SELECT ph."No" FROM "EvidencePhrases" ph WHERE ph."Text" = e.value ->> 3) AS p,
                e.value ->> 2 AS w,
                CASE WHEN (e.value ->> 1) = (e.value ->> 0) + length(e.value ->> 3) THEN NULL ELSE e.value ->> 1 END AS en
            FROM json_each(NEW."Evidence") e ORDER BY k
            """);

        // From LeanStoryTables' stored form, [start, weight, phrase number(, end)], and back to it. ORDER BY in the
        // pieces' subquery keeps SQLite from flattening it into the aggregate (and so from computing each column once
        // per use in the varints' expressions), and gives the aggregate the list's order.
        private static readonly string FromLean = TopicEvidenceBlob.Encode("""
            SELECT e.key AS k, e.value ->> 0 AS s,
                CASE e.key WHEN 0 THEN 0 ELSE "TopicRows"."Evidence" ->> ('$[' || (e.key - 1) || '][0]') END AS ps,
                e.value ->> 2 AS p, e.value ->> 1 AS w, e.value ->> 3 AS en
            FROM json_each("TopicRows"."Evidence") e ORDER BY k
            """);

        private static readonly string ToLean = TopicEvidenceBlob.Decode(
            "\"TopicRows\".\"Evidence\"",
            "'[' || s || ',' || " + Weight + " || ',' || p || CASE WHEN {x} IS NULL THEN '' ELSE ',' || {x} END || ']'");

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The view's triggers go with it.
            migrationBuilder.Sql("""DROP VIEW "ArticleTopics";""");
            migrationBuilder.Sql($"""UPDATE "TopicRows" SET "Evidence" = {FromLean};""");
            migrationBuilder.Sql(LeanStoryTables.TopicsView(AsRead.Replace("t.\"Evidence\"", "{0}", System.StringComparison.Ordinal), AsStored));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP VIEW "ArticleTopics";""");
            migrationBuilder.Sql($"""UPDATE "TopicRows" SET "Evidence" = {ToLean};""");
            migrationBuilder.Sql(LeanStoryTables.TopicsView(LeanStoryTables.EvidenceAsRead, LeanStoryTables.EvidenceAsStored));
        }
    }
}
