using System.Data;
using System.Data.Common;
using ArabicNewsArchive.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ArabicNewsArchive.Ingestion;

/// <summary>
/// Inserts new rows with one prepared statement per entity type, in the context's current transaction, bypassing
/// change tracking: bulk ingestion writes ~50 rows per article, and EF's per-entity tracking and SQL generation cost
/// more than the rows themselves. Statements are built from the EF model (table, columns, value converters), so a
/// mapping change needs no edit here; store-generated keys (autoincrement ids) are left to the database.
/// </summary>
internal sealed class RowInserter(ArchiveDbContext db) : IDisposable
{
    private readonly Dictionary<Type, (DbCommand Command, IProperty[] Properties)> _commands = [];

    public async Task InsertAsync<T>(T entity, CancellationToken ct)
        where T : class
    {
        var (command, properties) = CommandFor(typeof(T));
        command.Parameters.Clear();
        for (var i = 0; i < properties.Length; i++)
        {
            var property = properties[i];
            // The type mapping applies the property's converter (enums, ticks) exactly as SaveChanges would.
            command.Parameters.Add(property.GetRelationalTypeMapping().CreateParameter(
                command, "$p" + i, property.GetGetter().GetClrValue(entity), property.IsNullable, ParameterDirection.Input));
        }

        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task InsertAllAsync<T>(IEnumerable<T> entities, CancellationToken ct)
        where T : class
    {
        foreach (var entity in entities)
        {
            await InsertAsync(entity, ct);
        }
    }

    private (DbCommand, IProperty[]) CommandFor(Type type)
    {
        if (_commands.TryGetValue(type, out var found))
        {
            return found;
        }

        var entityType = db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not mapped");
        var properties = entityType.GetProperties()
            .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd && p.ClrType == typeof(int)))
            .ToArray();
        if (properties.Any(p => p.IsShadowProperty()))
        {
            throw new InvalidOperationException($"{type.Name} has shadow properties; insert it through the context");
        }

        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var table = entityType.GetTableName();
        command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", properties.Select(p => $"\"{p.GetColumnName()}\""))}) "
            + $"VALUES ({string.Join(", ", properties.Select((_, i) => "$p" + i))})";
        _commands[type] = (command, properties);
        return (command, properties);
    }

    public void Dispose()
    {
        foreach (var (command, _) in _commands.Values)
        {
            command.Dispose();
        }
    }
}
