namespace ArabicNewsArchive.Stories;

/// <summary>
/// How <see cref="ArticleRelation"/> rows are stored (migration <c>LeanRelationIds</c>): the table
/// <c>StoryRelations(Doc, RelatedDoc, Score, SameStory)</c>, WITHOUT ROWID, names both articles by their
/// <c>SearchDocs.RowId</c> and keeps the score in ten-thousandths; <c>ArticleRelations</c>, which the EF model maps
/// and every query reads, is a view over it that gives back the text ids and the score as a double, with triggers for
/// writes through it.
/// </summary>
/// <remarks>
/// A relation row was two text ids and an 8-byte double (~40 bytes with its header); it is now ~12. The story step's
/// writers, which write thousands of rows, go to the table itself: through the view each row would be a trigger
/// with two id lookups. The view's triggers make SQL writes through it work (INSERT, UPDATE, DELETE), but not EF's
/// <c>ExecuteDelete</c>/<c>ExecuteUpdate</c> (SQLite resolves no table alias on a view, and EF names one) nor
/// <c>SaveChanges</c> (SQLite does not count rows a view's trigger changes, so EF would see none): write with SQL.
/// </remarks>
public static class StoredRelations
{
    /// <summary>The table behind the <c>ArticleRelations</c> view.</summary>
    public const string Table = "StoryRelations";

    /// <summary>
    /// The stored form of a score: relation scores are rounded to 4 decimals, so ten-thousandths lose nothing
    /// (<c>k / 10000.0</c>, as the view reads it, is the double <c>Math.Round(score, 4)</c> gave).
    /// </summary>
    public static long Score(double score) => (long)Math.Round(score * 10000);

    /// <summary>SQL for the <c>SearchDocs</c> rows of the articles whose ids a (temporary) table's <c>Id</c> column holds.</summary>
    internal static string DocsOf(string idTable) => $"(SELECT d.RowId FROM {idTable} i JOIN SearchDocs d ON d.ArticleId = i.Id)";
}
