import{a}from"./chunk-J4S33OV4.js";import"./chunk-IWXB6DE5.js";export{a as reactions};
