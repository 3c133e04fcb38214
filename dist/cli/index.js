#!/usr/bin/env node
import{I as e}from"./chunk-24MVTZSH.js";e(process.argv.slice(2)).then(o=>{process.exitCode=o});
