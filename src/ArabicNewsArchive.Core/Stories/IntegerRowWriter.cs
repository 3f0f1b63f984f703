using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ArabicNewsArchive.Stories;

/// <summary>
/// Inserts rows of integers into one table, <see cref="RowsPerStatement"/> rows to a statement
/// (<c>INSERT … VALUES (?, ?), (?, ?), …</c>), on the connection's current transaction: the story step writes millions
/// of such rows (a 100k archive: 2.3 million story keys, 1.3 million relation rows) on one core, and SQLite's work per
/// statement (a step, a reset, the program's start) was most of a row's cost. The rows go in in the order given.
/// </summary>
internal sealed class IntegerRowWriter : IDisposable
{
    private const int RowsPerStatement = 64;

    private readonly sqlite3 _handle;
    private readonly sqlite3_stmt _many;
    private readonly sqlite3_stmt _one;
    private readonly int _columns;
    private readonly long[] _pending;
    private int _count;

    public IntegerRowWriter(DbConnection connection, string table, params string[] columns)
    {
        _handle = ((SqliteConnection)connection).Handle ?? throw new InvalidOperationException("the connection must be open");
        _columns = columns.Length;
        _pending = new long[RowsPerStatement * _columns];
        var names = string.Join(", ", columns.Select(c => $"\"{c}\""));
        var row = "(" + string.Join(", ", Enumerable.Repeat("?", _columns)) + ")";
        _many = Prepare($"INSERT INTO \"{table}\" ({names}) VALUES {string.Join(", ", Enumerable.Repeat(row, RowsPerStatement))}");
        _one = Prepare($"INSERT INTO \"{table}\" ({names}) VALUES {row}");
    }

    /// <summary>Adds a row of two columns.</summary>
    public void Add(long a, long b)
    {
        _pending[_count * _columns] = a;
        _pending[(_count * _columns) + 1] = b;
        Added();
    }

    /// <summary>Adds a row of four columns.</summary>
    public void Add(long a, long b, long c, long d)
    {
        var at = _count * _columns;
        _pending[at] = a;
        _pending[at + 1] = b;
        _pending[at + 2] = c;
        _pending[at + 3] = d;
        Added();
    }

    /// <summary>Writes the rows still held (fewer than a statement's worth), one statement each.</summary>
    public void Flush()
    {
        for (var r = 0; r < _count; r++)
        {
            for (var c = 0; c < _columns; c++)
            {
                Check(raw.sqlite3_bind_int64(_one, c + 1, _pending[(r * _columns) + c]));
            }

            Step(_one);
        }

        _count = 0;
    }

    public void Dispose()
    {
        _many.Dispose();
        _one.Dispose();
    }

    private void Added()
    {
        if (++_count < RowsPerStatement)
        {
            return;
        }

        for (var i = 0; i < _pending.Length; i++)
        {
            Check(raw.sqlite3_bind_int64(_many, i + 1, _pending[i]));
        }

        Step(_many);
        _count = 0;
    }

    private sqlite3_stmt Prepare(string sql)
    {
        Check(raw.sqlite3_prepare_v2(_handle, sql, out var statement));
        return statement;
    }

    private void Step(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        // Reset before throwing: a failed statement must not hold its locks into the next row.
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
        {
            Check(rc);
        }
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _handle);
            throw new SqliteException($"SQLite error {rc}", rc);
        }
    }
}
