System.Console.WriteLine("DslNets quickstart (placeholder)");
