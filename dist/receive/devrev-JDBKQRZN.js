import{c as a}from"./chunk-GZQQUGZF.js";import"./chunk-2R7WEV74.js";export{a as reactions};
