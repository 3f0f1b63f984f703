using ArabicNewsArchive.Outlets;
using ArabicNewsArchive.People;
using ArabicNewsArchive.Topics;

namespace ArabicNewsArchive.Analysis;

/// <summary>
/// The curated data the archive is seeded with (seeds/reference/*.yaml): people and their spellings, the topic
/// taxonomy with its rules, and the known outlets. Loaded once, shared read-only by the analysis.
/// </summary>
public sealed class ReferenceData
{
    public IReadOnlyList<Person> People { get; init; } = [];

    public IReadOnlyList<Topic> Topics { get; init; } = [];

    public IReadOnlyList<Outlet> Outlets { get; init; } = [];
}
