using ArabicNewsArchive.Store;

namespace ArabicNewsArchive.Search;

/// <summary>
/// The matches of an export (<see cref="SearchService.OpenExportAsync"/>), read from the store a batch at a time. Holds a
/// connection until disposed; one reader at a time.
/// </summary>
public sealed class ArticleExport : IAsyncDisposable
{
    private readonly ArchiveDbContext _db;
    private readonly SearchSnapshot _snapshot;
    private readonly List<int> _docs;
    private readonly ParsedQuery? _query;
    private readonly int _batchSize;
    private int _rowsRead;

    internal ArticleExport(ArchiveDbContext db, SearchSnapshot snapshot, List<int> docs, ParsedQuery? query, int batchSize)
    {
        _db = db;
        _snapshot = snapshot;
        _docs = docs;
        _query = query;
        _batchSize = batchSize;
    }

    /// <summary>
    /// How many matches there are. An article deleted after the search is skipped by <see cref="Batches"/>, so
    /// it may yield fewer.
    /// </summary>
    public int Total => _docs.Count;

    /// <summary>Rows read from the store so far (tests check that a reader holds one batch, not the result).</summary>
    internal int RowsRead => _rowsRead;

    /// <summary>
    /// The rows in order, one batch at a time, each read from the store when the previous one has been taken
    /// (synchronously, as the searches read: Microsoft.Data.Sqlite's async API is synchronous underneath).
    /// </summary>
    public IEnumerable<IReadOnlyList<ArticleSummary>> Batches(CancellationToken ct = default)
    {
        for (var from = 0; from < _docs.Count; from += _batchSize)
        {
            var batch = _docs.GetRange(from, Math.Min(_batchSize, _docs.Count - from));
            _rowsRead += batch.Count;
            yield return _query is null ? SearchService.Rows(_db, _snapshot, batch, ct) : SearchService.Summaries(_db, _snapshot, batch, _query, ct);
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
