#!/usr/bin/env node
import{b as c,c as i}from"./chunk-TVFIWPKH.js";var s=c(i(),1),e=s.default.nodeVersionProblem(process.version);if(e)process.stderr.write(`${e}
`),process.exitCode=2;else{for(let t of[process.stdout,process.stderr])t.on("error",o=>{if(o.code!=="EPIPE")throw o;process.exit()});let{main:r}=await import("./main-Y2JIHC3K.js");process.exitCode=await r(process.argv.slice(2))}
