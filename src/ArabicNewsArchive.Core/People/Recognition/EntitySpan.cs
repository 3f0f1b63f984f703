namespace ArabicNewsArchive.People.Recognition;

/// <summary>A named entity found by <see cref="PersonTagger"/>.</summary>
/// <param name="Kind">What the words name.</param>
/// <param name="FirstToken">Index of the first token of the name in the tokens given to <see cref="PersonTagger.Tag(string, IReadOnlyList{Text.Token})"/>.</param>
/// <param name="LastToken">Index of the last token of the name (inclusive).</param>
/// <param name="Confidence">The model's probability that these tokens are this entity, in [0, 1].</param>
public sealed record EntitySpan(EntityKind Kind, int FirstToken, int LastToken, double Confidence);
