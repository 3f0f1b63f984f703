namespace ArabicNewsArchive.Text;

/// <summary>
/// A word of a text with where it stands: <see cref="Start"/>/<see cref="End"/> are offsets into the text that was
/// tokenised, so any match on <see cref="Normalized"/> or <see cref="Stem"/> maps back to the original spelling.
/// </summary>
/// <param name="Surface">The word as written (harakat, hamza and attached particles included).</param>
/// <param name="Normalized">The word after <see cref="ArabicNormalizer.Normalize(string)"/>.</param>
/// <param name="Stem">The normalised word with attached particles and light suffixes removed.</param>
/// <param name="Start">Offset of the first character (inclusive).</param>
/// <param name="End">Offset after the last character (exclusive).</param>
/// <param name="Index">0-based position of the token in the text.</param>
public sealed record Token(string Surface, string Normalized, string Stem, int Start, int End, int Index);
