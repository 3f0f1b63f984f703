using Microsoft.Data.Sqlite;

namespace ArabicNewsArchive.Tests.Search.Fts5;

public sealed class SqliteVersionTests
{
    /// <summary>
    /// The version src/ArabicNewsArchive.Core/Search/Fts5/README.md says the page reader was checked against. The
    /// reader falls back to FTS5 on any page it cannot read, but a format change that still parses would give wrong
    /// hits silently; so a new SQLite is a deliberate step: run the Fts5 tests, read fts5_index.c's "Details" for
    /// changes, then update the README and this line.
    /// </summary>
    private const string CheckedAgainst = "3.53.3";

    [Fact]
    public void Sqlite_IsTheVersionThePageReaderWasCheckedAgainst()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT sqlite_version()";
        var version = (string)cmd.ExecuteScalar()!;

        Assert.True(version == CheckedAgainst,
            $"SQLite is {version}, the FTS5 page reader was checked against {CheckedAgainst}: see Search/Fts5/README.md before changing the pin.");
    }
}
