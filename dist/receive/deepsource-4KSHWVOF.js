import{p as a}from"./chunk-FDX6KT6D.js";import"./chunk-4RZNDWJH.js";export{a as reactions};
