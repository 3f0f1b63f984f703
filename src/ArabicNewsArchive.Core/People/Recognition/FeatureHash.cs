namespace ArabicNewsArchive.People.Recognition;

/// <summary>
/// 64-bit feature ids: FNV-1a over a template number and the value's characters, then a SplitMix64 finaliser.
/// Not <see cref="string.GetHashCode()"/>, which is randomised per process: the ids are stored in the model file.
/// </summary>
internal static class FeatureHash
{
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong Of(int template, ReadOnlySpan<char> value)
    {
        var h = (Offset ^ (ulong)template) * Prime;
        foreach (var c in value)
        {
            h = (h ^ c) * Prime;
        }

        return Mix(h);
    }

    public static ulong Of(int template, long value) => Mix(((Offset ^ (ulong)template) * Prime) ^ ((ulong)value * 0x9E3779B97F4A7C15));

    /// <summary>A feature of the word <paramref name="offset"/> positions away from the token being labelled.</summary>
    public static ulong AtOffset(ulong feature, int offset) => Mix(feature + ((ulong)(offset + 8) * 0xBF58476D1CE4E5B9));

    public static ulong Pair(ulong a, ulong b) => Mix((a * 31) ^ b ^ 0x94D049BB133111EB);

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
