#!/usr/bin/env node
import{I as e}from"./chunk-2VH5D23Y.js";e(process.argv.slice(2)).then(o=>{process.exitCode=o});
