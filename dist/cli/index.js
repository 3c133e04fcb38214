#!/usr/bin/env node
import{S as e}from"./chunk-VQRNCBDG.js";e(process.argv.slice(2)).then(o=>{process.exitCode=o});
