using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArabicNewsArchive.Ingestion;

/// <summary>
/// A small key/value row the pipeline keeps about the store itself, such as the hash of the reference data the
/// stored facts were computed with (so start-up knows when to re-analyse).
/// </summary>
public sealed class ArchiveSetting
{
    public required string Key { get; set; }

    public required string Value { get; set; }

    /// <summary>SHA-256 over seeds/reference/* (names and bytes) plus the analyser's version.</summary>
    public const string ReferenceHashKey = "reference-hash";

    /// <summary>
    /// Present when a migration replaced the full-text index's definition and left it empty: start-up re-indexes
    /// every stored article from its text (the terms need the analyser, which SQL cannot run), then removes it.
    /// </summary>
    public const string SearchIndexRebuildKey = "search-index-rebuild";

    /// <summary>
    /// Present when migration <c>CompressedText</c> found source texts stored as TEXT: start-up compresses them
    /// (<c>SourceTextCompaction</c>; SQL cannot deflate), then removes it.
    /// </summary>
    public const string SourceTextCompressKey = "source-text-compress";
}

internal sealed class ArchiveSettingConfiguration : IEntityTypeConfiguration<ArchiveSetting>
{
    public void Configure(EntityTypeBuilder<ArchiveSetting> builder)
    {
        builder.ToTable("ArchiveSettings");
        builder.HasKey(x => x.Key);
    }
}
