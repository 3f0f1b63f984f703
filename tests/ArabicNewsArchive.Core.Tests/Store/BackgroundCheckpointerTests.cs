using ArabicNewsArchive.Store;
using Microsoft.Data.Sqlite;

namespace ArabicNewsArchive.Tests.Store;

public sealed class BackgroundCheckpointerTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ana-ckpt-" + Guid.NewGuid().ToString("N"));

    public BackgroundCheckpointerTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Committed_CopiesTheWalIntoTheFile_WhileTheWriterKeepsItsConnection()
    {
        var path = Path.Combine(_folder, "a.db");
        var connectionString = $"Data Source={path};Pooling=False";
        await using var writer = new SqliteConnection(connectionString);
        await writer.OpenAsync();
        // The writer never checkpoints itself here, so only the checkpointer can put the rows into the file.
        Execute(writer, "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; CREATE TABLE T (X TEXT)");

        await using (var checkpointer = new BackgroundCheckpointer(connectionString))
        {
            for (var batch = 0; batch < 3; batch++)
            {
                Execute(writer, "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) INSERT INTO T SELECT hex(randomblob(64)) FROM n; COMMIT");
                checkpointer.Committed();
            }

            // A copy taken while a checkpoint writes can be torn; that copy only means "not yet".
            await WaitUntilAsync(() =>
            {
                try
                {
                    return CountInFileAlone(path) == 1_500;
                }
                catch (SqliteException)
                {
                    return false;
                }
            });
            Assert.Null(checkpointer.Failure);
            Assert.InRange(checkpointer.Checkpoints, 1, 3);
        }

        // No checkpoint runs now, so this copy is whole. The writer's connection is still open: the rows in the file
        // came from the checkpointer, not from a close.
        Assert.Equal(1_500, CountInFileAlone(path));
    }

    [Fact]
    public async Task AFailedCheckpoint_StopsTheLoop_AndNeitherCommittedNorDisposeThrows()
    {
        // A folder that does not exist: the connection cannot open, which a checkpoint on a vanished store would meet.
        await using var checkpointer = new BackgroundCheckpointer($"Data Source={Path.Combine(_folder, "missing", "a.db")};Mode=ReadWrite;Pooling=False");
        checkpointer.Committed();
        await WaitUntilAsync(() => checkpointer.Failure is not null);

        checkpointer.Committed();
        Assert.IsType<SqliteException>(checkpointer.Failure);
        Assert.Equal(0, checkpointer.Checkpoints);
    }

    /// <summary>Rows of T in a copy of the database file without its WAL: what has been checkpointed.</summary>
    private long CountInFileAlone(string path)
    {
        var copy = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".db");
        File.Copy(path, copy);
        using var reader = new SqliteConnection($"Data Source={copy};Pooling=False");
        reader.Open();
        using var count = reader.CreateCommand();
        count.CommandText = "SELECT count(*) FROM sqlite_schema WHERE name = 'T'";
        if ((long)count.ExecuteScalar()! == 0)
        {
            return 0;
        }

        count.CommandText = "SELECT count(*) FROM T";
        return (long)count.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(20);
        }
    }
}
