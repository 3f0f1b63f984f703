namespace ArabicNewsArchive.Search;

/// <summary>
/// DDL of the full-text index. EF Core cannot model FTS5 virtual tables, so a migration runs <see cref="Sql"/>
/// through <c>migrationBuilder.Sql</c> (and <see cref="DropSql"/> on the way down). See docs/search.md.
/// </summary>
public static class SearchIndexSchema
{
    /// <summary>Name of the FTS5 table.</summary>
    public const string Table = "ArticleSearch";

    /// <summary>Index of the <c>title</c> column (stems), as FTS5 numbers them in position lists.</summary>
    public const int TitleColumn = 0;

    /// <summary>Index of the <c>body</c> column (stems).</summary>
    public const int BodyColumn = 1;

    /// <summary>Index of the <c>persons</c> column (title 0, body 1), as FTS5 numbers them in position lists.</summary>
    public const int PersonsColumn = 2;

    /// <summary>Index of the <c>title_exact</c> column: the title's exact forms (<see cref="SearchTerms.ExactTerm"/>), one per stem of <c>title</c>.</summary>
    public const int TitleExactColumn = 3;

    /// <summary>Index of the <c>body_exact</c> column: the body's exact forms, one per stem of <c>body</c>.</summary>
    public const int BodyExactColumn = 4;

    /// <summary>Column set (a bit per column, as the index reader takes it; -1 is every column) of the stems.</summary>
    public const int StemColumns = (1 << TitleColumn) | (1 << BodyColumn);

    /// <summary>Column set of the exact forms.</summary>
    public const int ExactColumns = (1 << TitleExactColumn) | (1 << BodyExactColumn);

    /// <summary>Column set of the person tokens.</summary>
    public const int PersonsColumns = 1 << PersonsColumn;

    /// <summary>The FTS5 column names, by index.</summary>
    public static IReadOnlyList<string> ColumnNames { get; } = ["title", "body", "persons", "title_exact", "body_exact"];

    /// <summary>
    /// The FTS5 table as migration <c>LeanSearchIndex</c> made it, today's: <see cref="ExactFormsTableSql"/> without
    /// FTS5's prefix indexes. Each prefix index held a position for every token, as the index of whole terms does
    /// (10k ANT: 54.5 MB with <c>prefix='2 3'</c>, 22.8 MB with none), and cost as much again at every insert. A
    /// one-word prefix query (<c>لا*</c>, the form people type) is read off the pages instead: the terms that start
    /// with it lie side by side in each segment's leaves, and their doclists are added up per row
    /// (<c>Fts5Postings.TryReadPrefix</c>). A prefix inside a phrase, or beside AND/NOT, is left to FTS5, which merges
    /// those terms' doclists itself (slower than with its prefix index: see docs/search.md).
    /// </summary>
    public const string LeanTableSql = """
        CREATE VIRTUAL TABLE ArticleSearch USING fts5(
            title, body, persons, title_exact, body_exact,
            content='', contentless_delete=1,
            tokenize="ascii tokenchars '_'");
        """;

    /// <summary>
    /// The FTS5 table as migration <c>SearchExactForms</c> made it (<see cref="LeanTableSql"/> replaced it since): <see cref="TableSql"/> with two more columns holding
    /// each word's exact form (normalised, particle split off, no suffix removed) at the same position as its stem
    /// in <c>title</c>/<c>body</c>, so phrases and NEAR work on either. A second token per word in the same column
    /// would put a stem and the next stem two positions apart, which FTS5's own phrase matching (the fallback of the
    /// page reader) cannot bridge. Detail stays <c>full</c>: NEAR needs positions. Each prefix index holds a position
    /// for every token as the index of whole terms does (10k ANT: 54.5 MB with <c>prefix='2 3'</c>, 38.0 MB with
    /// <c>'2'</c>, 22.8 MB with none), but without the 3-letter one a 3-letter prefix query merges every term that
    /// starts so through FTS5 (p95 39 ms at 100k ANT against 15 ms wanted), so both stayed until the page reader read
    /// prefixes itself.
    /// </summary>
    public const string ExactFormsTableSql = """
        CREATE VIRTUAL TABLE ArticleSearch USING fts5(
            title, body, persons, title_exact, body_exact,
            content='', contentless_delete=1,
            tokenize="ascii tokenchars '_'",
            prefix='2 3');
        """;

    /// <summary>
    /// The FTS5 table as migration <c>SearchIndexAsciiTokenizer</c> made it (<see cref="ExactFormsTableSql"/> replaced
    /// it since). Migration <c>SearchIndexAsciiTokenizer</c> replaces the one <see cref="Sql"/>
    /// created). The <c>ascii</c> tokenizer only splits on spaces here: the columns hold the analyser's terms
    /// (<see cref="SearchTerms.Term"/>: letters and digits, lower-case, accents folded) and person tokens (letters,
    /// digits and '_'), and <c>ascii</c> takes every non-ASCII byte as part of a word, so each term is one token and
    /// nothing is folded twice. unicode61 with <c>remove_diacritics 2</c> re-did that folding for every character
    /// written, about a third of FTS5's insert time. <c>prefix='2 3'</c>: a 2- or 3-letter prefix query reads one prefix
    /// entry instead of merging every term that starts with it (at 20k articles 1–2 ms against 20–150 ms without).
    /// Migration <c>SearchIndexAsciiTokenizer</c> runs this text: a later change to the table gets a new constant
    /// and a new migration.
    /// </summary>
    public const string TableSql = """
        CREATE VIRTUAL TABLE ArticleSearch USING fts5(
            title, body, persons,
            content='', contentless_delete=1,
            tokenize="ascii tokenchars '_'",
            prefix='2 3');
        """;

    /// <summary>The FTS5 table as <see cref="Sql"/> created it, for migrating back down.</summary>
    public const string Unicode61TableSql = """
        CREATE VIRTUAL TABLE ArticleSearch USING fts5(
            title, body, persons,
            content='', contentless_delete=1,
            tokenize="unicode61 remove_diacritics 2 tokenchars '_'",
            prefix='2 3');
        """;

    /// <summary>
    /// The schema as migration <c>InitialCreate</c> created it (kept as it was: that migration runs it on every new
    /// store). <c>ArticleSearch</c>: a contentless FTS5 table (the index holds analysed terms only; the source text already
    /// lives in <c>Articles</c>) with <c>contentless_delete=1</c> so a row can be deleted or replaced by rowid.
    /// Columns: title, body, and persons (one synthetic <c>slug_with_underscores</c> token per mention, which no
    /// analysed word can equal because the analyser never emits '_').
    /// <c>SearchDocs</c> maps the FTS rowid to the article id (articles have text keys) and cascades deletions.
    /// <c>SearchMeta.Version</c> is bumped by triggers whenever anything a search result or facet depends on
    /// changes, so a cached snapshot in any process knows when to reload.
    /// </summary>
    public const string Sql = """
        CREATE VIRTUAL TABLE ArticleSearch USING fts5(
            title, body, persons,
            content='', contentless_delete=1,
            tokenize="unicode61 remove_diacritics 2 tokenchars '_'",
            prefix='2 3');

        CREATE TABLE SearchDocs (
            RowId INTEGER PRIMARY KEY AUTOINCREMENT,
            ArticleId TEXT NOT NULL UNIQUE REFERENCES Articles(Id) ON DELETE CASCADE);

        CREATE TRIGGER SearchDocs_AfterDelete AFTER DELETE ON SearchDocs BEGIN
            DELETE FROM ArticleSearch WHERE rowid = old.RowId;
        END;

        CREATE TABLE SearchMeta (
            Id INTEGER PRIMARY KEY CHECK (Id = 1),
            Version INTEGER NOT NULL);
        INSERT INTO SearchMeta (Id, Version) VALUES (1, 1);

        CREATE TRIGGER SearchMeta_SearchDocs_Insert AFTER INSERT ON SearchDocs BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
        CREATE TRIGGER SearchMeta_SearchDocs_Delete AFTER DELETE ON SearchDocs BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
        CREATE TRIGGER SearchMeta_Articles_Insert AFTER INSERT ON Articles BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
        CREATE TRIGGER SearchMeta_Articles_Update AFTER UPDATE ON Articles BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
        CREATE TRIGGER SearchMeta_Articles_Delete AFTER DELETE ON Articles BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
        CREATE TRIGGER SearchMeta_Mentions_Insert AFTER INSERT ON Mentions BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
        CREATE TRIGGER SearchMeta_Mentions_Update AFTER UPDATE ON Mentions BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
        CREATE TRIGGER SearchMeta_Mentions_Delete AFTER DELETE ON Mentions BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
        CREATE TRIGGER SearchMeta_ArticleTopics_Insert AFTER INSERT ON ArticleTopics BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
        CREATE TRIGGER SearchMeta_ArticleTopics_Update AFTER UPDATE ON ArticleTopics BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
        CREATE TRIGGER SearchMeta_ArticleTopics_Delete AFTER DELETE ON ArticleTopics BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
        CREATE TRIGGER SearchMeta_People_Insert AFTER INSERT ON People BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
        CREATE TRIGGER SearchMeta_People_Update AFTER UPDATE ON People BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
        CREATE TRIGGER SearchMeta_People_Delete AFTER DELETE ON People BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
        CREATE TRIGGER SearchMeta_PersonAliases_Insert AFTER INSERT ON PersonAliases BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
        CREATE TRIGGER SearchMeta_PersonAliases_Update AFTER UPDATE ON PersonAliases BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
        CREATE TRIGGER SearchMeta_PersonAliases_Delete AFTER DELETE ON PersonAliases BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
        CREATE TRIGGER SearchMeta_Topics_Insert AFTER INSERT ON Topics BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
        CREATE TRIGGER SearchMeta_Topics_Update AFTER UPDATE ON Topics BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
        CREATE TRIGGER SearchMeta_Topics_Delete AFTER DELETE ON Topics BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
        CREATE TRIGGER SearchMeta_Outlets_Insert AFTER INSERT ON Outlets BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
        CREATE TRIGGER SearchMeta_Outlets_Update AFTER UPDATE ON Outlets BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
        CREATE TRIGGER SearchMeta_Outlets_Delete AFTER DELETE ON Outlets BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
        """;

    /// <summary>Undoes <see cref="Sql"/> (triggers on other tables go with their own DROP statements).</summary>
    public const string DropSql = """
        DROP TABLE IF EXISTS SearchMeta;
        DROP TRIGGER IF EXISTS SearchDocs_AfterDelete;
        DROP TABLE IF EXISTS SearchDocs;
        DROP TABLE IF EXISTS ArticleSearch;
        DROP TRIGGER IF EXISTS SearchMeta_SearchDocs_Insert;
        DROP TRIGGER IF EXISTS SearchMeta_SearchDocs_Delete;
        DROP TRIGGER IF EXISTS SearchMeta_Articles_Insert;
        DROP TRIGGER IF EXISTS SearchMeta_Articles_Update;
        DROP TRIGGER IF EXISTS SearchMeta_Articles_Delete;
        DROP TRIGGER IF EXISTS SearchMeta_Mentions_Insert;
        DROP TRIGGER IF EXISTS SearchMeta_Mentions_Update;
        DROP TRIGGER IF EXISTS SearchMeta_Mentions_Delete;
        DROP TRIGGER IF EXISTS SearchMeta_ArticleTopics_Insert;
        DROP TRIGGER IF EXISTS SearchMeta_ArticleTopics_Update;
        DROP TRIGGER IF EXISTS SearchMeta_ArticleTopics_Delete;
        DROP TRIGGER IF EXISTS SearchMeta_People_Insert;
        DROP TRIGGER IF EXISTS SearchMeta_People_Update;
        DROP TRIGGER IF EXISTS SearchMeta_People_Delete;
        DROP TRIGGER IF EXISTS SearchMeta_PersonAliases_Insert;
        DROP TRIGGER IF EXISTS SearchMeta_PersonAliases_Update;
        DROP TRIGGER IF EXISTS SearchMeta_PersonAliases_Delete;
        DROP TRIGGER IF EXISTS SearchMeta_Topics_Insert;
        DROP TRIGGER IF EXISTS SearchMeta_Topics_Update;
        DROP TRIGGER IF EXISTS SearchMeta_Topics_Delete;
        DROP TRIGGER IF EXISTS SearchMeta_Outlets_Insert;
        DROP TRIGGER IF EXISTS SearchMeta_Outlets_Update;
        DROP TRIGGER IF EXISTS SearchMeta_Outlets_Delete;
        """;
}
