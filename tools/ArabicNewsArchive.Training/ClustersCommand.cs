namespace ArabicNewsArchive.Training;

/// <summary>clusters: word clusters from the unlabelled ANT news (placeholder until the builder lands).</summary>
internal static class ClustersCommand
{
    public static int Run(Options options)
    {
        _ = options;
        Console.Error.WriteLine("clusters: not built yet");
        return 1;
    }
}
