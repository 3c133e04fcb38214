import{a}from"./chunk-ZUAHWP6J.js";import"./chunk-2R7WEV74.js";export{a as reactions};
