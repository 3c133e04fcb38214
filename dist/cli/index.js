#!/usr/bin/env node
import{W as e}from"./chunk-LAIUBLG3.js";e(process.argv.slice(2)).then(o=>{process.exitCode=o});
