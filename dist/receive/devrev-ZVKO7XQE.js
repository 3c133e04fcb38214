import{c as a}from"./chunk-MUWUVUPC.js";import"./chunk-WFLCDMIZ.js";export{a as reactions};
