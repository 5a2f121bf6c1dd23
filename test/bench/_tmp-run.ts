import { measureAssessmentInBrowser } from '/work/wt/assessapp/test/bench/assessment-browser';
console.log(JSON.stringify(await measureAssessmentInBrowser(), null, 2));
process.exit(0);
