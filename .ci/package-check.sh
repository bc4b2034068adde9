#!/usr/bin/env bash
# Packs src/Runtime into a local folder and builds and runs a consumer project that declares a network.
# Usage: package-check.sh WORK_DIR VERSION
set -euo pipefail
work=$1
version=$2
feed="$work/feed"
consumer="$work/consumer"
mkdir -p "$feed" "$consumer"

dotnet pack src/Runtime/DslNets.Runtime.csproj -c Release -o "$feed" -p:Version="$version"
package="$feed/DslNets.$version.nupkg"
[ -f "$package" ] || { echo "dotnet pack wrote no $package"; exit 1; }

cat > "$consumer/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <GenerateDocumentationFile>true</GenerateDocumentationFile>
    <RestoreAdditionalProjectSources>$feed</RestoreAdditionalProjectSources>
    <RestorePackagesPath>$work/packages</RestorePackagesPath>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="DslNets" Version="$version" />
  </ItemGroup>
</Project>
XML

cat > "$consumer/Program.cs" <<'CS'
using DslNets;

var net = new Consumer.XorNet(seed: 3);
Console.WriteLine(Consumer.XorNet.Summary);
float[] inputs = [0, 0, 0, 1, 1, 0, 1, 1];
float[] targets = [0, 1, 1, 0];
float[] gradient = new float[Consumer.XorNet.ParameterCount];
float first = 0, last = 0;
for (int step = 0; step < 2000; step++)
{
    Array.Clear(gradient);
    float loss = net.GradientBatch(inputs, targets, gradient, 0.25f);
    if (step == 0) first = loss;
    last = loss;
    for (int i = 0; i < gradient.Length; i++) net.Parameters[i] -= 0.5f * gradient[i];
}

Console.WriteLine($"loss {first:F4} -> {last:F4}");
// Plots come with the package: ScottPlot and Skia's native library must reach the consumer.
byte[] png = new DslNets.Plotting.LinePlot("XOR", "step", "loss").Add("loss", [first, last]).ToPng();
Console.WriteLine($"plot: {png.Length} bytes of PNG");
return last < first / 10 && png.Length > 1000 ? 0 : 1;

namespace Consumer
{
    /// <summary>XOR: the smallest problem a linear model cannot learn.</summary>
    [Network(Inputs = 2, Loss = Loss.SquaredError)]
    public partial class XorNet
    {
        /// <summary>The hidden layer.</summary>
        [Dense(8, Activation.Tanh)] public partial DenseLayer Hidden { get; }

        /// <summary>The output.</summary>
        [Dense(1)] public partial DenseLayer Out { get; }
    }
}
CS

# Restoring extracts the package into $work/packages (NuGet lowercases the id); CI has only the .NET SDK, so the
# package's contents are checked there rather than by listing the zip. The one package must carry the runtime and
# the generator as an analyzer.
dotnet restore "$consumer/Consumer.csproj" --packages "$work/packages"
extracted="$work/packages/dslnets/${version,,}"
for file in analyzers/dotnet/cs/DslNets.Generator.dll lib/net10.0/DslNets.dll; do
  [ -f "$extracted/$file" ] || { echo "the package does not carry $file (looked in $extracted)"; exit 1; }
done

dotnet run --project "$consumer/Consumer.csproj" -c Release --no-restore
