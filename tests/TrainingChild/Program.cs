// Usage: DslNets.TrainingChild <folder>   runs (or resumes) every job of ResumeJobs in that folder.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: DslNets.TrainingChild <folder>");
    return 2;
}

DslNets.TrainingChild.ResumeJobs.RunAll(args[0]);
return 0;
