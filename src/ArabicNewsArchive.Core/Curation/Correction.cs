using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArabicNewsArchive.Curation;

/// <summary>
/// One curator's correction: a stated fact layered over what the analysis inferred, with who made it, when and why,
/// and the values before and after (JSON), so it can be undone. Active corrections are re-applied after every
/// analysis of their article (<see cref="CorrectionSet"/>), so re-analysis and re-ingestion keep them.
/// </summary>
public sealed class Correction
{
    public int Id { get; set; }

    /// <summary>What was done (<see cref="CorrectionActions"/>).</summary>
    public required string Action { get; set; }

    /// <summary>"article", "person" or "story".</summary>
    public required string TargetKind { get; set; }

    /// <summary>The stable identity corrected: an article id or a person slug.</summary>
    public required string Target { get; set; }

    /// <summary>The curator's user name.</summary>
    public required string Who { get; set; }

    public DateTimeOffset When { get; set; }

    /// <summary>Why, in the curator's words (may be empty).</summary>
    public string Note { get; set; } = "";

    /// <summary>The action's values (JSON, <see cref="CorrectionValues"/>).</summary>
    public string After { get; set; } = "{}";

    /// <summary>What the corrected facts were before (JSON), for undo and for the history.</summary>
    public string Before { get; set; } = "{}";

    /// <summary>Set when the correction was undone: it is kept for the history but no longer applied.</summary>
    public DateTimeOffset? UndoneAt { get; set; }

    public string? UndoneBy { get; set; }

    /// <summary>For an <see cref="CorrectionActions.Undo"/> entry, the correction it undid.</summary>
    public int? UndoesId { get; set; }

    /// <summary>True while the correction is applied (not undone, and not itself an undo record).</summary>
    public bool IsActive => UndoneAt is null && Action != CorrectionActions.Undo;
}

/// <summary>
/// Where a merged person's slug now leads: GET of the old slug answers 301 to the new one, and a name whose identity
/// key was the old person's joins the new one when an article is analysed again.
/// </summary>
public sealed class PersonRedirect
{
    public required string OldSlug { get; set; }

    public required string NewSlug { get; set; }

    /// <summary>The old person's identity key (<see cref="People.Person.IdentityKey"/>); empty for a curated person.</summary>
    public string OldIdentityKey { get; set; } = "";

    /// <summary>The merge that made it.</summary>
    public int CorrectionId { get; set; }
}

/// <summary>The names of the corrections (stored, and the API's <c>action</c>).</summary>
public static class CorrectionActions
{
    public const string ConfirmPerson = "person.confirm";
    public const string RejectPerson = "person.reject";
    public const string MergePerson = "person.merge";
    public const string RenamePerson = "person.rename";
    public const string AddAlias = "person.alias";
    public const string SetRole = "person.role";
    public const string RejectMention = "mention.reject";
    public const string AddMention = "mention.add";
    public const string SetDate = "article.date";
    public const string SetOutlet = "article.outlet";
    public const string SetTitle = "article.title";
    public const string AddTopic = "topic.add";
    public const string RemoveTopic = "topic.remove";
    public const string SplitStory = "story.split";
    public const string JoinStories = "story.join";
    public const string Undo = "undo";
}

internal sealed class CorrectionConfiguration : IEntityTypeConfiguration<Correction>
{
    public void Configure(EntityTypeBuilder<Correction> builder)
    {
        builder.ToTable("Corrections");
        builder.HasIndex(x => new { x.TargetKind, x.Target });
        builder.Ignore(x => x.IsActive);
        builder.Property(x => x.When).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
        builder.Property(x => x.UndoneAt).HasConversion(
            v => v.HasValue ? v.Value.UtcTicks : (long?)null,
            v => v.HasValue ? new DateTimeOffset(v.Value, TimeSpan.Zero) : null);
    }
}

internal sealed class PersonRedirectConfiguration : IEntityTypeConfiguration<PersonRedirect>
{
    public void Configure(EntityTypeBuilder<PersonRedirect> builder)
    {
        builder.ToTable("PersonRedirects");
        builder.HasKey(x => x.OldSlug);
        builder.HasIndex(x => x.NewSlug);
    }
}
