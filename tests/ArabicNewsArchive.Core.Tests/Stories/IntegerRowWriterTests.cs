using ArabicNewsArchive.Stories;
using Microsoft.Data.Sqlite;

namespace ArabicNewsArchive.Tests.Stories;

public sealed class IntegerRowWriterTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(130)]
    public void Rows_AreAllWrittenInTheOrderGiven_FullStatementsAndTheRest(int count)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            // A rowid table: its rowids tell the order the rows went in.
            create.CommandText = "CREATE TABLE Pairs (A INTEGER NOT NULL, B INTEGER NOT NULL, C INTEGER NOT NULL, D INTEGER NOT NULL)";
            create.ExecuteNonQuery();
        }

        using (var writer = new IntegerRowWriter(connection, "Pairs", "A", "B", "C", "D"))
        {
            for (var i = 0; i < count; i++)
            {
                writer.Add(i, -i, (long)i << 40, i % 2);
            }

            writer.Flush();
        }

        using var read = connection.CreateCommand();
        read.CommandText = "SELECT A, B, C, D FROM Pairs ORDER BY rowid";
        using var reader = read.ExecuteReader();
        var rows = new List<(long, long, long, long)>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        Assert.Equal(Enumerable.Range(0, count).Select(i => ((long)i, (long)-i, (long)i << 40, (long)(i % 2))), rows);
    }
}
