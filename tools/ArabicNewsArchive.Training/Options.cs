namespace ArabicNewsArchive.Training;

/// <summary>The command line as --name value pairs and --flags.</summary>
internal sealed class Options
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    public static Options Parse(string[] args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }

            var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            options._values[args[i][2..]] = hasValue ? args[++i] : null;
        }

        return options;
    }

    public bool Flag(string name) => _values.ContainsKey(name);

    public string Text(string name, string fallback) => _values.GetValueOrDefault(name) ?? fallback;

    public int Number(string name, int fallback) => _values.GetValueOrDefault(name) is { } v ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
