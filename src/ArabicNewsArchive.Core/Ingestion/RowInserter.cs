using System.Globalization;
using ArabicNewsArchive.Store;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SQLitePCL;

namespace ArabicNewsArchive.Ingestion;

/// <summary>
/// Inserts new rows with one prepared statement per entity type on the context's open connection (so inside its
/// current transaction), bypassing change tracking: bulk ingestion writes ~50 rows per article, and EF's per-entity
/// tracking and SQL generation cost more than the rows themselves. Statements are built from the EF model (table,
/// columns, value converters), so a mapping change needs no edit here; store-generated keys (autoincrement ids) are
/// left to the database.
/// </summary>
/// <remarks>
/// Statements are driven through SQLitePCL directly (bound by position, stepped, reset), not through
/// <see cref="SqliteCommand"/>: per row, ADO.NET creates a data reader, looks every parameter up by name and
/// re-encodes its name, which cost more than SQLite's own insert. Values are bound as Microsoft.Data.Sqlite binds
/// them (after the property's value converter), so rows read back through EF exactly as if EF had written them.
/// </remarks>
internal sealed class RowInserter : IDisposable
{
    private readonly ArchiveDbContext _db;
    private readonly sqlite3 _handle;
    private readonly Dictionary<Type, Plan> _plans = [];
    private readonly Dictionary<string, sqlite3_stmt> _statements = new(StringComparer.Ordinal);

    public RowInserter(ArchiveDbContext db)
    {
        _db = db;
        _handle = ((SqliteConnection)db.Database.GetDbConnection()).Handle
            ?? throw new InvalidOperationException("the connection must be open");
    }

    /// <summary>One entity type's statement and, per column, how to read the value off an entity.</summary>
    private sealed record Plan(sqlite3_stmt Statement, IClrPropertyGetter[] Getters, ValueConverter?[] Converters);

    public void Insert<T>(T entity)
        where T : class
    {
        var plan = PlanFor(typeof(T));
        var statement = plan.Statement;
        for (var i = 0; i < plan.Getters.Length; i++)
        {
            var value = plan.Getters[i].GetClrValue(entity);
            if (value is not null && plan.Converters[i] is { } converter)
            {
                value = converter.ConvertToProvider(value);
            }

            Bind(statement, i + 1, value);
        }

        Step(statement);
    }

    public void InsertAll<T>(IEnumerable<T> entities)
        where T : class
    {
        foreach (var entity in entities)
        {
            Insert(entity);
        }
    }

    /// <summary>Runs a statement without results (SAVEPOINT, RELEASE...), prepared once and kept.</summary>
    public void Execute(string sql) => Step(Prepare(sql));

    /// <summary>Runs a statement without results with its parameters (?1, ?2... in order), prepared once and kept.</summary>
    public void Execute(string sql, params object?[] values)
    {
        var statement = Prepare(sql);
        for (var i = 0; i < values.Length; i++)
        {
            Bind(statement, i + 1, values[i]);
        }

        Step(statement);
        raw.sqlite3_clear_bindings(statement);
    }

    /// <summary>Runs a prepared INSERT with text parameters (?1, ?2... in order) and returns the new row's rowid.</summary>
    public long InsertReturningRowId(string sql, params string[] values)
    {
        var statement = Prepare(sql);
        for (var i = 0; i < values.Length; i++)
        {
            Check(raw.sqlite3_bind_text(statement, i + 1, values[i]));
        }

        Step(statement);
        raw.sqlite3_clear_bindings(statement);
        return raw.sqlite3_last_insert_rowid(_handle);
    }

    /// <summary>Runs a prepared query with text parameters and returns the first column of its first row as an integer, if any.</summary>
    public long? QueryInt64(string sql, params string[] parameters) =>
        TryQueryFirst(sql, parameters, s => raw.sqlite3_column_int64(s, 0), out var value) ? value : null;

    /// <summary>Runs a prepared query with text parameters and returns the first column of its first row, if any.</summary>
    public string? QueryText(string sql, params string[] parameters) =>
        TryQueryFirst(sql, parameters, s => raw.sqlite3_column_text(s, 0).utf8_to_string(), out var value) ? value : null;

    /// <summary>The first column of the query's first row, read by <paramref name="read"/>; false for no row or NULL.</summary>
    private bool TryQueryFirst<T>(string sql, string[] parameters, Func<sqlite3_stmt, T> read, out T value)
    {
        var statement = Prepare(sql);
        try
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                Check(raw.sqlite3_bind_text(statement, i + 1, parameters[i]));
            }

            var rc = raw.sqlite3_step(statement);
            if (rc == raw.SQLITE_ROW && raw.sqlite3_column_type(statement, 0) != raw.SQLITE_NULL)
            {
                value = read(statement);
                return true;
            }

            if (rc is not (raw.SQLITE_ROW or raw.SQLITE_DONE))
            {
                Check(rc);
            }

            value = default!;
            return false;
        }
        finally
        {
            raw.sqlite3_reset(statement);
            raw.sqlite3_clear_bindings(statement);
        }
    }

    private void Step(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        // Reset before throwing: a failed statement must not hold its locks or bindings into the next row.
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
        {
            Check(rc);
        }
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            // The same exception (code, message) a SqliteCommand would throw, so callers' handlers need no change.
            SqliteException.ThrowExceptionForRC(rc, _handle);
            throw new SqliteException($"SQLite error {rc}", rc);
        }
    }

    /// <summary>Binds a provider value as Microsoft.Data.Sqlite would (the types the model stores; others throw).</summary>
    private void Bind(sqlite3_stmt statement, int index, object? value)
    {
        var rc = value switch
        {
            null => raw.sqlite3_bind_null(statement, index),
            string s => raw.sqlite3_bind_text(statement, index, s),
            int n => raw.sqlite3_bind_int64(statement, index, n),
            long n => raw.sqlite3_bind_int64(statement, index, n),
            bool b => raw.sqlite3_bind_int64(statement, index, b ? 1 : 0),
            double d => raw.sqlite3_bind_double(statement, index, d),
            float f => raw.sqlite3_bind_double(statement, index, f),
            Enum e => raw.sqlite3_bind_int64(statement, index, Convert.ToInt64(e, CultureInfo.InvariantCulture)),
            DateOnly d => raw.sqlite3_bind_text(statement, index, d.ToString(@"yyyy\-MM\-dd", CultureInfo.InvariantCulture)),
            // An empty array binds as NULL through sqlite3_bind_blob; Microsoft.Data.Sqlite binds a zero-length blob.
            byte[] { Length: 0 } => raw.sqlite3_bind_zeroblob(statement, index, 0),
            byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
            _ => throw new NotSupportedException($"RowInserter cannot bind a {value.GetType().Name}; insert it through the context"),
        };
        Check(rc);
    }

    private sqlite3_stmt Prepare(string sql)
    {
        if (!_statements.TryGetValue(sql, out var statement))
        {
            Check(raw.sqlite3_prepare_v2(_handle, sql, out statement));
            _statements[sql] = statement;
        }

        return statement;
    }

    private Plan PlanFor(Type type)
    {
        if (_plans.TryGetValue(type, out var found))
        {
            return found;
        }

        var entityType = _db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not mapped");
        var properties = entityType.GetProperties()
            .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd && p.ClrType == typeof(int)))
            .ToArray();
        if (properties.Any(p => p.IsShadowProperty()))
        {
            throw new InvalidOperationException($"{type.Name} has shadow properties; insert it through the context");
        }

        var table = entityType.GetTableName();
        var sql = $"INSERT INTO \"{table}\" ({string.Join(", ", properties.Select(p => $"\"{p.GetColumnName()}\""))}) "
            + $"VALUES ({string.Join(", ", properties.Select((_, i) => "?" + (i + 1)))})";
        // The type mapping carries the property's converter (enums, ticks) exactly as SaveChanges applies it.
        var plan = new Plan(Prepare(sql), [.. properties.Select(p => p.GetGetter())], [.. properties.Select(p => p.GetTypeMapping().Converter)]);
        _plans[type] = plan;
        return plan;
    }

    public void Dispose()
    {
        foreach (var statement in _statements.Values)
        {
            statement.Dispose();
        }

        _statements.Clear();
    }
}
