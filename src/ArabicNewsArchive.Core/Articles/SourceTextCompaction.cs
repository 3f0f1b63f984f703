using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Store;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Articles;

/// <summary>
/// Compresses the source texts a store holds as TEXT (written before migration <c>CompressedText</c>) into the form
/// <see cref="SourceTextCodec"/> writes. SQL cannot deflate, so the migration only leaves
/// <see cref="ArchiveSetting.SourceTextCompressKey"/> and start-up does this, under the writer lock.
/// </summary>
internal static class SourceTextCompaction
{
    /// <summary>Rows per transaction: a kill half-way loses at most one batch's work, never a text.</summary>
    private const int BatchSize = 500;

    /// <summary>Compresses every TEXT-typed source when the mark is present, then removes the mark.</summary>
    /// <returns>The number of rows compressed.</returns>
    public static async Task<int> CompressIfMarkedAsync(ArchiveDbContext db, CancellationToken ct)
    {
        if (await db.Set<ArchiveSetting>().FindAsync([ArchiveSetting.SourceTextCompressKey], ct) is not { } mark)
        {
            return 0;
        }

        await db.Database.OpenConnectionAsync(ct);
        var count = 0;
        try
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            foreach (var table in new[] { "Articles", "ArticleRevisions" })
            {
                count += await CompressTableAsync(connection, table, ct);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        db.Remove(mark);
        await db.SaveChangesAsync(ct);
        return count;
    }

    private static async Task<int> CompressTableAsync(SqliteConnection connection, string table, CancellationToken ct)
    {
        var count = 0;
        var after = long.MinValue;
        while (true)
        {
            var batch = new List<(long RowId, string Text)>(BatchSize);
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await using (var select = connection.CreateCommand())
            {
                select.Transaction = tx;
                // typeof() reads the row's header only, not the text's overflow pages.
                select.CommandText = $"SELECT rowid, SourceText FROM \"{table}\" WHERE rowid > $after AND typeof(SourceText) = 'text' ORDER BY rowid LIMIT {BatchSize}";
                select.Parameters.AddWithValue("$after", after);
                await using var reader = await select.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    batch.Add((reader.GetInt64(0), reader.GetString(1)));
                }
            }

            if (batch.Count == 0)
            {
                return count;
            }

            await using (var update = connection.CreateCommand())
            {
                update.Transaction = tx;
                update.CommandText = $"UPDATE \"{table}\" SET SourceText = $text WHERE rowid = $id";
                var text = update.Parameters.Add("$text", SqliteType.Blob);
                var id = update.Parameters.Add("$id", SqliteType.Integer);
                foreach (var (rowId, source) in batch)
                {
                    text.Value = SourceTextCodec.Encode(source);
                    id.Value = rowId;
                    await update.ExecuteNonQueryAsync(ct);
                }
            }

            await tx.CommitAsync(ct);
            count += batch.Count;
            after = batch[^1].RowId;
        }
    }
}
