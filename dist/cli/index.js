#!/usr/bin/env node
import{W as e}from"./chunk-3YDP5EMF.js";e(process.argv.slice(2)).then(o=>{process.exitCode=o});
