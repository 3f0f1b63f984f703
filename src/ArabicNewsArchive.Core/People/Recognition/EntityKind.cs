namespace ArabicNewsArchive.People.Recognition;

/// <summary>The kinds of named entity <see cref="PersonTagger"/> tells apart (ANERcorp's PERS, LOC, ORG, MISC).</summary>
public enum EntityKind
{
    Person,
    Location,
    Organization,
    Misc,
}
