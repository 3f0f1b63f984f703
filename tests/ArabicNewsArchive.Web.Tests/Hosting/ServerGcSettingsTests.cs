using System.Text.Json;

namespace ArabicNewsArchive.Web.Tests.Hosting;

/// <summary>
/// The web host's GC settings, as its build writes them into the runtimeconfig.json it runs with: the 400 MB budget
/// at 100k articles under load was measured with them (docs/history/performance-rounds.md, "Web memory at peak").
/// </summary>
public sealed class ServerGcSettingsTests
{
    private static JsonElement ConfigProperties()
    {
        var path = Path.Combine(Path.GetDirectoryName(typeof(Program).Assembly.Location)!, "ArabicNewsArchive.Web.runtimeconfig.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    [Fact]
    public void WebHost_RunsTheWorkstationGcWithBackgroundCollections()
    {
        var properties = ConfigProperties();
        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.True(properties.GetProperty("System.GC.Concurrent").GetBoolean());
    }

    [Fact]
    public void WebHost_BoundsGen0_WhateverTheHostsCacheSize()
    {
        // Unset, the budget follows the largest CPU cache: 80 MB on a host reporting a 260 MB L3.
        var budget = ConfigProperties().GetProperty("System.GC.Gen0MaxBudget").GetInt64();
        Assert.InRange(budget, 4L << 20, 32L << 20);
    }

    [Fact]
    public void WebHost_CompactsGen2WhenItFragments()
    {
        var level = ConfigProperties().GetProperty("System.GC.ConserveMemory").GetInt32();
        Assert.InRange(level, 1, 9);
    }
}
